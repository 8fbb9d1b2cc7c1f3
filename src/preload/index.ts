import { contextBridge, ipcRenderer } from 'electron';
import { createStationApi } from './create-station-api';

/**
 * The Electron preload (sandboxed): window.station over IPC. The renderer gets
 * one function per contract channel, never ipcRenderer itself.
 */
contextBridge.exposeInMainWorld(
  'station',
  createStationApi({
    invoke: (channel, input) => ipcRenderer.invoke(channel, input),
    subscribe: (event, listener) => {
      const forward = (_event: Electron.IpcRendererEvent, payload: unknown): void => listener(payload);
      ipcRenderer.on(event, forward);
      return () => ipcRenderer.removeListener(event, forward);
    },
  }),
);
