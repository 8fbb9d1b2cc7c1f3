import type { Reporter, TestModule } from 'vitest/node';

/** Vitest closes its workers and servers after the summary; a process left holding one must not keep CI waiting. */
const EXIT_GRACE_MS = 60_000;

/** Ends the run with the plain line CI reads: "N passed, N failed". */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, errors: ReadonlyArray<unknown>): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') passed += 1;
        else if (state === 'failed') failed += 1;
        else skipped += 1;
      }
    }
    process.stdout.write(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`);
    const code = failed > 0 || errors.length > 0 || passed === 0 ? 1 : 0;
    setTimeout(() => {
      process.stderr.write(`\nVitest had not exited ${EXIT_GRACE_MS / 1000} s after the run ended; exiting with ${code}.\n`);
      process.exit(code);
    }, EXIT_GRACE_MS).unref();
  }
}
