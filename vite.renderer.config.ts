import react from '@vitejs/plugin-react';
import { resolve } from 'node:path';
import { defineConfig } from 'vite';

/** The renderer as Forge builds it for the Electron window: index.html only (no web bridge). */
export default defineConfig({
  root: resolve(__dirname, 'src/renderer'),
  base: './',
  plugins: [react()],
  build: {
    outDir: resolve(__dirname, '.vite/renderer/main_window'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    // Fonts stay files: the CSP allows font-src 'self', not data: URLs.
    assetsInlineLimit: 0,
    rollupOptions: { input: resolve(__dirname, 'src/renderer/index.html') },
  },
});
