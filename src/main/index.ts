import { app, BrowserWindow, dialog, ipcMain, safeStorage, session } from 'electron';
import { join } from 'node:path';
import { runElectronShell } from './electron/shell';
import { smartcardDevices } from './reader/smartcard-devices';

/** The Electron entry: Electron's objects into the tested shell (src/main/electron/shell.ts). */
declare const MAIN_WINDOW_VITE_DEV_SERVER_URL: string | undefined;
declare const MAIN_WINDOW_VITE_NAME: string;

runElectronShell(
  { app, createWindow: (options) => new BrowserWindow(options), dialog, ipcMain, safeStorage, session },
  {
    pcsc: smartcardDevices,
    dataDir: process.env.ENROLLMENT_STATION_DATA,
    passphrase: process.env.ENROLLMENT_STATION_PASSPHRASE,
    preload: join(__dirname, 'preload.js'),
    page: MAIN_WINDOW_VITE_DEV_SERVER_URL ? { url: MAIN_WINDOW_VITE_DEV_SERVER_URL } : { file: join(__dirname, `../renderer/${MAIN_WINDOW_VITE_NAME}/index.html`) },
    // .vite/build → the app's root (forge.config.ts copies assets/png there when packaging).
    icon: join(__dirname, '../../assets/png/512x512.png'),
  },
);
