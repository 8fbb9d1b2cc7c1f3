#!/usr/bin/env node
// `npm start`: the Electron station through Electron Forge. Where the Electron
// binary is missing (installed with ELECTRON_SKIP_BINARY_DOWNLOAD, or no access to
// Electron's download host), say so and point to the web host instead of failing
// deep inside Forge.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { electronBinary } from './electron-binary.mjs';

const require = createRequire(import.meta.url);

if (!electronBinary()) {
  console.error(`The Electron binary is not installed on this machine, so the desktop station cannot start.

  It is downloaded when Electron installs; that was skipped (ELECTRON_SKIP_BINARY_DOWNLOAD)
  or the download host could not be reached.

  To use the station now, in a browser on this machine:   npm run start:web
  To install the desktop app's binary:                    npm rebuild electron`);
  process.exit(1);
}

const forge = spawn(process.execPath, [require.resolve('@electron-forge/cli/dist/electron-forge-start.js'), ...process.argv.slice(2)], {
  stdio: 'inherit',
});
forge.on('exit', (code) => process.exit(code ?? 1));
