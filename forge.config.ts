import { MakerDeb } from '@electron-forge/maker-deb';
import { MakerZIP } from '@electron-forge/maker-zip';
import { FusesPlugin } from '@electron-forge/plugin-fuses';
import { VitePlugin } from '@electron-forge/plugin-vite';
import type { ForgeConfig } from '@electron-forge/shared-types';
import { FuseV1Options, FuseVersion } from '@electron/fuses';
import { cp } from 'node:fs/promises';
import { join } from 'node:path';

const NATIVE_MODULES = ['smartcard'];

/** Packaging for the Electron station (npm start / npm run package / npm run make). */
const config: ForgeConfig = {
  packagerConfig: {
    name: 'Enrollment Station',
    executableName: 'enrollment-station',
    // Native addons cannot load from inside an asar archive.
    asar: { unpack: '**/*.node' },
  },
  hooks: {
    // The Vite plugin packages only the bundles; the PC/SC addon (N-API, the same
    // binary for Node and Electron) is external, so copy it in.
    packageAfterCopy: async (_config, buildPath) => {
      for (const module of NATIVE_MODULES) {
        await cp(join(__dirname, 'node_modules', module), join(buildPath, 'node_modules', module), { recursive: true });
      }
    },
  },
  rebuildConfig: {},
  makers: [new MakerZIP({}, ['darwin', 'linux', 'win32']), new MakerDeb({ options: { categories: ['Office'] } })],
  plugins: [
    new VitePlugin({
      build: [
        { entry: 'src/main/index.ts', config: 'vite.main.config.ts', target: 'main' },
        { entry: 'src/preload/index.ts', config: 'vite.preload.config.ts', target: 'preload' },
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
