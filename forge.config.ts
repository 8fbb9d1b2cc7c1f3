import { MakerDeb } from '@electron-forge/maker-deb';
import { MakerSquirrel } from '@electron-forge/maker-squirrel';
import { MakerZIP } from '@electron-forge/maker-zip';
import { FusesPlugin } from '@electron-forge/plugin-fuses';
import { VitePlugin } from '@electron-forge/plugin-vite';
import type { ForgeConfig } from '@electron-forge/shared-types';
import { FuseV1Options, FuseVersion } from '@electron/fuses';
import { cp } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';

const NATIVE_MODULES = ['smartcard'];

/** What of a native module the app needs at run time: its JavaScript and the compiled addon (not sources, not object files). */
function runtimePart(moduleDir: string, path: string): boolean {
  const rel = relative(moduleDir, path).split(sep).join('/');
  return (
    rel === '' ||
    rel === 'package.json' ||
    rel === 'LICENSE' ||
    rel === 'dist' ||
    rel.startsWith('dist/') ||
    rel === 'build' ||
    rel === 'build/Release' ||
    /^build\/Release\/[^/]+\.node$/.test(rel)
  );
}

/** Packaging for the Electron station (npm start / npm run package / npm run make). */
const config: ForgeConfig = {
  packagerConfig: {
    name: 'Enrollment Station',
    executableName: 'enrollment-station',
    // assets/icon.ico on Windows, assets/icon.icns on macOS (the packager adds the extension).
    icon: join(__dirname, 'assets', 'icon'),
    // Native addons cannot load from inside an asar archive.
    asar: { unpack: '**/*.node' },
  },
  hooks: {
    // The Vite plugin packages only the bundles; the PC/SC addon (N-API, the same
    // binary for Node and Electron) is external, so copy it in.
    // The window icon (Linux shows it; src/main/index.ts loads assets/png/512x512.png) goes too.
    packageAfterCopy: async (_config, buildPath) => {
      for (const module of NATIVE_MODULES) {
        const from = join(__dirname, 'node_modules', module);
        await cp(from, join(buildPath, 'node_modules', module), { recursive: true, filter: (path) => runtimePart(from, path) });
      }
      await cp(join(__dirname, 'assets', 'png'), join(buildPath, 'assets', 'png'), { recursive: true });
    },
  },
  rebuildConfig: {},
  makers: [
    new MakerZIP({}, ['darwin', 'linux', 'win32']),
    new MakerDeb({ options: { categories: ['Office'], icon: join(__dirname, 'assets', 'png', '512x512.png') } }),
    // Windows installer (Setup.exe); building it on Linux needs Wine and Mono.
    new MakerSquirrel({ name: 'enrollment_station', setupIcon: join(__dirname, 'assets', 'icon.ico') }),
  ],
  plugins: [
    new VitePlugin({
      build: [
        // Named entries: .vite/build/main.js (package.json "main") and .vite/build/preload.js
        // (src/main/index.ts); plain paths would both come out as index.js, one over the other.
        { entry: { main: 'src/main/index.ts' }, config: 'vite.main.config.ts', target: 'main' },
        { entry: { preload: 'src/preload/index.ts' }, config: 'vite.preload.config.ts', target: 'preload' },
      ],
      renderer: [{ name: 'main_window', config: 'vite.renderer.config.ts' }],
    }),
    // Turn off what a kiosk app never needs, so a local attacker cannot repurpose the binary.
    new FusesPlugin({
      version: FuseVersion.V1,
      [FuseV1Options.RunAsNode]: false,
      [FuseV1Options.EnableCookieEncryption]: true,
      [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
      [FuseV1Options.EnableNodeCliInspectArguments]: false,
      [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
      [FuseV1Options.OnlyLoadAppFromAsar]: true,
    }),
  ],
};

export default config;
