import react from '@vitejs/plugin-react';
import { resolve } from 'node:path';
import { defineConfig } from 'vite';

/**
 * The renderer build, shared by both hosts:
 * - index.html: the Electron window (window.station comes from the preload script);
 * - web.html:   the web host (window.station comes from src/preload/web.ts over a WebSocket).
 */
export default defineConfig({
  root: resolve(__dirname, 'src/renderer'),
  base: './',
  plugins: [react()],
  build: {
    outDir: resolve(__dirname, 'dist/renderer'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    // Fonts stay files: the CSP allows font-src 'self', not data: URLs.
    assetsInlineLimit: 0,
    rollupOptions: {
      input: {
        index: resolve(__dirname, 'src/renderer/index.html'),
        web: resolve(__dirname, 'src/renderer/web.html'),
      },
    },
  },
});
