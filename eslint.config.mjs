// @ts-check
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

const NODE_BUILTINS = ['node:*', 'fs', 'path', 'os', 'crypto', 'child_process', 'http', 'https', 'net', 'url', 'util', 'stream'];

/** Architecture boundaries, checked on every `npm test`. */
const restrict = (patterns) => ({ 'no-restricted-imports': ['error', { patterns }] });

export default tseslint.config(
  { ignores: ['node_modules', 'dist', '.vite', 'out', 'bench/results', 'coverage'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.mjs', 'scripts/**'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
  {
    languageOptions: { parserOptions: { projectService: false } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      ...restrict([
        { group: ['**/main/**', '**/preload/**', '**/server/**', '**/wallet/**', '**/node/**'], message: 'The renderer reaches the station only through window.station.' },
        { group: NODE_BUILTINS, message: 'No Node in the renderer.' },
        { group: ['electron'], message: 'Only the Electron host and preload import electron.' },
      ]),
    },
  },
  {
    // Renderer tests build the station API exactly as the preload does (createStationApi), so every
    // call and event is parsed by the contract; nothing else in the renderer reaches the preload.
    files: ['src/renderer/test-support/**/*.{ts,tsx}'],
    rules: restrict([
      { group: ['**/main/**', '**/server/**', '**/wallet/**', '**/node/**'], message: 'Renderer test support reaches the station only through the preload\'s createStationApi.' },
      { group: NODE_BUILTINS, message: 'No Node in the renderer.' },
      { group: ['electron'], message: 'Only the Electron host and preload import electron.' },
    ]),
  },
  {
    files: ['src/shared/**/*.ts'],
    rules: restrict([
      { group: ['**/main/**', '**/preload/**', '**/renderer/**', '**/server/**', '**/wallet/**', '**/node/**'], message: 'shared imports only shared.' },
      { group: NODE_BUILTINS, message: 'shared is pure TypeScript: no Node.' },
      { group: ['electron', 'react', 'react-dom', '@mui/*', 'ws', 'lowdb'], message: 'shared is pure TypeScript.' },
    ]),
  },
  {
    files: ['src/main/**/*.ts'],
    ignores: ['src/main/index.ts'],
    rules: restrict([
      { group: ['electron'], message: 'Services know nothing of Electron: only src/main/index.ts imports it.', allowTypeImports: true },
      { group: ['**/renderer/**', '**/preload/**'], message: 'main does not import the renderer or preload.' },
      { group: ['**/server/**', '**/wallet/**'], message: 'The station talks to the central server over HTTP only (src/shared/contract/server-protocol.ts).' },
    ]),
  },
  {
    files: ['src/server/**/*.ts'],
    rules: restrict([
      { group: ['**/main/**', '**/preload/**', '**/renderer/**', '**/wallet/**'], message: 'The central server shares only src/shared with the station.' },
      { group: ['electron'], message: 'The central server is a plain Node service.' },
    ]),
  },
  {
    files: ['src/wallet/**/*.ts'],
    rules: restrict([
      { group: ['**/main/**', '**/preload/**', '**/renderer/**', '**/server/**'], message: 'The wallet plays a phone: it reaches the server over HTTP only (src/shared/contract/mobile-protocol.ts).' },
      { group: ['electron'], message: 'The wallet is a plain Node CLI.' },
    ]),
  },
  {
    files: ['src/origo-sim/**/*.ts'],
    rules: restrict([
      { group: ['**/main/**', '**/preload/**', '**/renderer/**', '**/server/**', '**/wallet/**', 'electron'], message: 'The Origo simulator plays HID\'s cloud: it shares nothing with the product but src/node and src/shared.' },
    ]),
  },
  {
    // Node-only helpers the Node sides share (crypto, config files, clock, logger): no side's own code, no Electron.
    files: ['src/node/**/*.ts'],
    rules: restrict([
      { group: ['**/main/**', '**/preload/**', '**/renderer/**', '**/server/**', '**/wallet/**'], message: 'src/node imports only src/shared and Node: the station, server and wallet import it, not the other way round.' },
      { group: ['electron'], message: 'src/node is plain Node.' },
    ]),
  },
  {
    files: ['src/preload/**/*.ts'],
    ignores: ['src/preload/index.ts'],
    rules: restrict([
      { group: ['electron'], message: 'Only the Electron preload (src/preload/index.ts) imports electron.' },
      { group: ['**/main/**', '**/renderer/**', '**/wallet/**', '**/node/**'], message: 'preload speaks only the shared contract.' },
      { group: NODE_BUILTINS, message: 'The preload runs sandboxed: no Node.' },
    ]),
  },
  {
    files: ['src/preload/index.ts'],
    rules: restrict([
      { group: ['**/main/**', '**/renderer/**', '**/wallet/**', '**/node/**'], message: 'preload speaks only the shared contract.' },
      { group: NODE_BUILTINS, message: 'The preload runs sandboxed: no Node.' },
    ]),
  },
);
