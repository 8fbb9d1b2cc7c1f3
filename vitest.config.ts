import { defineConfig } from 'vitest/config';

/**
 * Test tiers (run together by `npm test`):
 * - unit:        beside the code (src/**\/*.test.ts[x]); pure logic, the real store on a temp folder.
 * - integration: tests/integration; the real web host process, WebSocket transport, store on disk.
 * - e2e:         tests/e2e; Playwright driving Debian's Chromium against the real web host.
 */
/** Ends a test worker whose event loop is stuck, which no Vitest timeout can (tests/support/event-loop-watchdog.ts). */
const WATCHDOG = 'tests/support/event-loop-watchdog.ts';

export default defineConfig({
  test: {
    reporters: ['default', './tests/support/summary-reporter.ts'],
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src/**/*.test.{ts,tsx}', 'bench/**/*.test.ts'],
          environment: 'node',
          setupFiles: [WATCHDOG],
          // Limits against a hang, not claims about speed: CI may run on a loaded machine.
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['tests/support/build-renderer.ts'],
          setupFiles: [WATCHDOG],
          testTimeout: 120_000,
          // Real processes (pcscd, the station, SIGKILL rounds) on a 2-core machine: one file at a time.
          fileParallelism: false,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['tests/support/build-renderer.ts'],
          setupFiles: [WATCHDOG],
          testTimeout: 180_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
