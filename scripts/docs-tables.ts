import { writeFileSync } from 'node:fs';
import { ARCHITECTURE, readArchitecture, regenerate } from '../src/docs/docs-tables';

/**
 * `npx tsx scripts/docs-tables.ts`: brings docs/architecture.md's error-code table and test
 * map in step with the code (src/docs/docs-tables.test.ts says when they are not). Rows
 * added are marked "(to describe)" for a person to fill in.
 */
const before = readArchitecture();
const after = regenerate(before);
if (after === before) {
  console.log('docs/architecture.md: error codes and test map already up to date.');
} else {
  writeFileSync(ARCHITECTURE, after);
  const todo = after.split('\n').filter((line) => line.includes('(to describe)')).length;
  console.log(`docs/architecture.md: tables rewritten${todo ? `; ${todo} row(s) to describe` : ''}.`);
}
