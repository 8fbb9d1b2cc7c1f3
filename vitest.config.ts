import { defineConfig } from 'vitest/config';

/**
 * Test tiers (run together by `npm test`):
 * - unit:        beside the code (src/**\/*.test.ts[x]); pure logic, the real store on a temp folder.
 * - integration: tests/integration; the real web host process, WebSocket transport, store on disk.
 * - e2e:         tests/e2e; Playwright driving Debian's Chromium against the real web host.
 */
export default defineConfig({
  test: {
    reporters: ['default', './tests/support/summary-reporter.ts'],
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src/**/*.test.{ts,tsx}'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['tests/support/build-renderer.ts'],
          testTimeout: 30_000,
          // Real processes (pcscd, the station, SIGKILL rounds) on a 2-core machine: one file at a time.
          fileParallelism: false,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['tests/support/build-renderer.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
