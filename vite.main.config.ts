import { defineConfig } from 'vite';

/** Electron main (Forge's Vite plugin supplies the format and output folder: .vite/build/main.js). */
export default defineConfig({
  build: {
    rollupOptions: {
      // Both entries of the main process, named so they come out as main.js and audit-worker.js side by side:
      // the audit worker runs in its own thread, from its own file (src/main/audit/audit-worker-host.ts).
      // This replaces Forge's single entry (forge.config.ts names the same main).
      input: { main: 'src/main/index.ts', 'audit-worker': 'src/main/audit/audit-worker.ts' },
      // ws is only for the web host; its optional native speed-ups are never bundled.
      // smartcard is a native (N-API) addon: loaded from node_modules at run time,
      // copied into the package by forge.config.ts.
      external: ['bufferutil', 'utf-8-validate', 'smartcard'],
    },
  },
});
