import { describe, expect, it } from 'vitest';
import {
  apiErrorCodesDifference,
  ERROR_HEADING,
  TEST_MAP_HEADING,
  errorTableDifference,
  findTable,
  readApi,
  readArchitecture,
  regenerate,
  staleClerkWords,
  testMapDifference,
  undescribed,
} from './docs-tables';

const FIX = 'Run `npx tsx scripts/docs-tables.ts` to bring the rows in step, then describe any "(to describe)" row by hand.';

/** A readable failure: what is missing from the document and what it lists that does not exist. */
function report(what: string, { missing, extra }: { missing: string[]; extra: string[] }): string {
  return [
    missing.length ? `${what} missing from docs/architecture.md: ${missing.join(', ')}` : '',
    extra.length ? `${what} listed in docs/architecture.md that do not exist: ${extra.join(', ')}` : '',
    FIX,
  ]
    .filter(Boolean)
    .join('\n');
}

describe('docs/architecture.md follows the code', () => {
  const lines = readArchitecture().split('\n');

  it('lists exactly the error codes of the contract (src/shared/contract/errors.ts)', () => {
    const table = findTable(lines, ERROR_HEADING);
    expect(table, `no table under "${ERROR_HEADING}"`).toBeDefined();
    const difference = errorTableDifference(table!);
    expect(difference, report('Error codes', difference)).toEqual({ missing: [], extra: [] });
  });

  it("gives each code the clerk's words from src/renderer/errors/clerk-messages.ts, and a meaning", () => {
    const table = findTable(lines, ERROR_HEADING)!;
    const stale = staleClerkWords(table);
    expect(stale, `clerk's words differ for ${stale.map((s) => s.code).join(', ')}. ${FIX}`).toEqual([]);
    const todo = undescribed(table);
    expect(todo, `codes without a meaning: ${todo.join(', ')}`).toEqual([]);
  });

  it('maps exactly the integration and e2e test files that exist', () => {
    const table = findTable(lines, TEST_MAP_HEADING);
    expect(table, `no table under "${TEST_MAP_HEADING}"`).toBeDefined();
    const difference = testMapDifference(table!);
    expect(difference, report('Test files', difference)).toEqual({ missing: [], extra: [] });
    const todo = undescribed(table!);
    expect(todo, `test files without a description: ${todo.join(', ')}`).toEqual([]);
  });
});

describe('docs/api.md follows the protocol', () => {
  it("names every server error code (src/shared/contract/server-protocol.ts) in its error tables, and no other", () => {
    const { missing, extra } = apiErrorCodesDifference(readApi());
    const message = [
      missing.length ? `Server codes missing from docs/api.md's error tables: ${missing.join(', ')}` : '',
      extra.length ? `Codes in docs/api.md's error tables the server does not have: ${extra.join(', ')}` : '',
    ].join('\n');
    expect({ missing, extra }, message).toEqual({ missing: [], extra: [] });
  });

  it('reports a code missing from, or unknown to, the tables', () => {
    const doc = ['| status | code | when |', '| --- | --- | --- |', '| 400 | `BAD_REQUEST` · `NO_SUCH` | x |', '', '`THROTTLED` outside a table'].join('\n');
    const { missing, extra } = apiErrorCodesDifference(doc);
    expect(missing).toContain('THROTTLED');
    expect(missing).not.toContain('BAD_REQUEST');
    expect(extra).toEqual(['NO_SUCH']);
  });
});

describe('the tables generator', () => {
  const doc = [
    '# Doc',
    ERROR_HEADING,
    'Intro.',
    '',
    '| code | what it means | what the clerk is told |',
    '| --- | --- | --- |',
    '| `NO_SUCH_CODE` | gone | x |',
    '| `NO_CARD` | no card in the reader | old words |',
    '',
    TEST_MAP_HEADING,
    '| file | what it checks |',
    '| --- | --- |',
    '| `tests/e2e/b.test.ts` | b |',
    '| `tests/e2e/gone.test.ts` | gone |',
    '',
    '## Next',
  ].join('\n');

  it('keeps meanings, drops what no longer exists, adds the rest to describe, and copies the clerk words', () => {
    const out = regenerate(doc, ['tests/e2e/a.test.ts', 'tests/e2e/b.test.ts']).split('\n');
    const errors = findTable(out, ERROR_HEADING)!;
    expect(errorTableDifference(errors)).toEqual({ missing: [], extra: [] });
    expect(staleClerkWords(errors)).toEqual([]);
    expect(errors.rows.find((r) => r[0] === '`NO_CARD`')?.[1]).toBe('no card in the reader');
    expect(undescribed(errors)).not.toContain('NO_CARD');
    expect(undescribed(errors)).toContain('VALIDATION_FAILED');
    const map = findTable(out, TEST_MAP_HEADING)!;
    expect(map.rows).toEqual([
      ['`tests/e2e/a.test.ts`', '(to describe)'],
      ['`tests/e2e/b.test.ts`', 'b'],
    ]);
    expect(out.at(-1)).toBe('## Next');
  });

  it('reports what is missing and extra', () => {
    const lines = doc.split('\n');
    const difference = testMapDifference(findTable(lines, TEST_MAP_HEADING)!, ['tests/e2e/a.test.ts', 'tests/e2e/b.test.ts']);
    expect(difference).toEqual({ missing: ['tests/e2e/a.test.ts'], extra: ['tests/e2e/gone.test.ts'] });
    expect(report('Test files', difference)).toContain('missing from docs/architecture.md: tests/e2e/a.test.ts');
    expect(errorTableDifference(findTable(lines, ERROR_HEADING)!).extra).toEqual(['NO_SUCH_CODE']);
  });
});
