import { defineConfig } from 'vite';

/** Electron main (Forge's Vite plugin supplies entry and output: .vite/build/main.js). */
export default defineConfig({
  build: {
    rollupOptions: {
      // ws is only for the web host; its optional native speed-ups are never bundled.
      // smartcard is a native (N-API) addon: loaded from node_modules at run time,
      // copied into the package by forge.config.ts.
      external: ['bufferutil', 'utf-8-validate', 'smartcard'],
    },
  },
});
