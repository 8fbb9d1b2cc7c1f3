import { defineConfig } from 'vite';

/** Electron preload: one sandboxed CommonJS file (.vite/build/preload.js). */
export default defineConfig({});
