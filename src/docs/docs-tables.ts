import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { CLERK_MESSAGES } from '../renderer/errors/clerk-messages';
import { ErrorCode } from '../shared/contract/errors';
import { ServerErrorCode } from '../shared/contract/server-protocol';

/**
 * The tables of docs/architecture.md that follow the code: the error codes (the contract's,
 * with the clerk's words) and the test map (every integration and e2e test file). The unit
 * test compares them; `npx tsx scripts/docs-tables.ts` rewrites what it can (rows, clerk
 * words) and leaves a placeholder where a person must write the meaning.
 */

const ROOT = join(__dirname, '../..');
export const ARCHITECTURE = join(ROOT, 'docs/architecture.md');
const API = join(ROOT, 'docs/api.md');
export const ERROR_HEADING = '## Error codes';
export const TEST_MAP_HEADING = '## Test map';
/** Where the test map lists files: one row per test file under these folders. */
const TEST_FOLDERS = ['tests/integration', 'tests/e2e'];
const TO_DESCRIBE = '(to describe)';

export interface Table {
  /** Index of the table's first line (its header) in the document's lines. */
  start: number;
  /** Index after its last row. */
  end: number;
  /** Rows below the header and the separator, as cells without the outer pipes. */
  rows: string[][];
}

/** The first table after `heading` (a line of its own), before the next `## ` heading. */
export function findTable(lines: string[], heading: string): Table | undefined {
  const at = lines.indexOf(heading);
  if (at < 0) return undefined;
  let start = at + 1;
  while (start < lines.length && !lines[start]!.startsWith('|')) {
    if (lines[start]!.startsWith('## ')) return undefined;
    start += 1;
  }
  if (start >= lines.length) return undefined;
  let end = start;
  while (end < lines.length && lines[end]!.startsWith('|')) end += 1;
  const rows = lines.slice(start + 2, end).map(cells);
  return { start, end, rows };
}

function cells(line: string): string[] {
  // A `|` inside a cell is written `\|`.
  return line
    .trim()
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split(/(?<!\\)\|/)
    .map((c) => c.trim());
}

const unquote = (cell: string | undefined) => (cell ?? '').replace(/^`|`$/g, '');
const escape = (text: string) => text.replace(/\|/g, '\\|');

/** What the clerk is told for a code: title and fix, as the renderer shows them without details. */
function clerkWords(code: ErrorCode): string {
  const { title, fix } = CLERK_MESSAGES[code];
  return escape(`**${title}.** ${fix}`);
}

/** Every integration and e2e test file, relative to the repository, sorted. */
function testFiles(root = ROOT): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.test.ts')) found.push(relative(root, path).split('\\').join('/'));
    }
  };
  for (const folder of TEST_FOLDERS) walk(join(root, folder));
  return found.sort();
}

export interface Difference {
  missing: string[];
  extra: string[];
}

function difference(expected: readonly string[], documented: readonly string[]): Difference {
  return { missing: expected.filter((e) => !documented.includes(e)), extra: documented.filter((d) => !expected.includes(d)) };
}

/** The codes (or files) the table lists, in its order. */
function listed(table: Table): string[] {
  return table.rows.map((row) => unquote(row[0]));
}

export function errorTableDifference(table: Table): Difference {
  return difference(ErrorCode.options, listed(table));
}

export function testMapDifference(table: Table, files = testFiles()): Difference {
  return difference(files, listed(table));
}

/** Rows whose clerk column is not the renderer's words for the code. */
export function staleClerkWords(table: Table): { code: string; documented: string; expected: string }[] {
  return table.rows.flatMap((row) => {
    const code = unquote(row[0]);
    const parsed = ErrorCode.safeParse(code);
    if (!parsed.success) return [];
    const expected = clerkWords(parsed.data);
    return row[2] === expected ? [] : [{ code, documented: row[2] ?? '', expected }];
  });
}

/** Rows still waiting for a person to describe them. */
export function undescribed(table: Table): string[] {
  return table.rows.filter((row) => !row[1] || row[1] === TO_DESCRIBE).map((row) => unquote(row[0]));
}

function replaceRows(lines: string[], table: Table, rows: string[]): string[] {
  return [...lines.slice(0, table.start + 2), ...rows, ...lines.slice(table.end)];
}

/**
 * The document with both tables in step with the code: rows in the contract's order (files
 * sorted), meanings kept, the clerk's words copied, new rows marked `(to describe)`.
 */
export function regenerate(markdown: string, files = testFiles()): string {
  let lines = markdown.split('\n');
  const errors = findTable(lines, ERROR_HEADING);
  if (!errors) throw new Error(`docs/architecture.md has no table under "${ERROR_HEADING}"`);
  const meaning = new Map(errors.rows.map((row) => [unquote(row[0]), row[1] ?? '']));
  lines = replaceRows(
    lines,
    errors,
    ErrorCode.options.map((code) => `| \`${code}\` | ${meaning.get(code) || TO_DESCRIBE} | ${clerkWords(code)} |`),
  );
  const map = findTable(lines, TEST_MAP_HEADING);
  if (!map) throw new Error(`docs/architecture.md has no table under "${TEST_MAP_HEADING}"`);
  const what = new Map(map.rows.map((row) => [unquote(row[0]), row[1] ?? '']));
  lines = replaceRows(lines, map, files.map((file) => `| \`${file}\` | ${what.get(file) || TO_DESCRIBE} |`));
  return lines.join('\n');
}

/**
 * api.md's error tables (header `| status | code | when |`): the server codes their code
 * column names, against the protocol's `ServerErrorCode` (a code may have several rows).
 */
export function apiErrorCodesDifference(markdown: string): Difference {
  const lines = markdown.split('\n');
  const named = new Set<string>();
  lines.forEach((line, at) => {
    if (!/^\|\s*status\s*\|\s*code\s*\|/.test(line)) return;
    for (let row = at + 2; row < lines.length && lines[row]!.startsWith('|'); row += 1) {
      for (const [, code] of (cells(lines[row]!)[1] ?? '').matchAll(/`([A-Z][A-Z_]*)`/g)) named.add(code!);
    }
  });
  return difference(ServerErrorCode.options, [...named]);
}

export function readApi(): string {
  return readFileSync(API, 'utf8');
}

export function readArchitecture(): string {
  return readFileSync(ARCHITECTURE, 'utf8');
}
