import { defineConfig } from 'vite';

/** Electron main (Forge's Vite plugin supplies entry and output: .vite/build/main.js). */
export default defineConfig({
  build: {
    rollupOptions: {
      // ws is only for the web host; its optional native speed-ups are never bundled.
      external: ['bufferutil', 'utf-8-validate'],
    },
  },
});
