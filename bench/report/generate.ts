import { readdir, readFile, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { RENDERERS } from './index';

/**
 * `npm run bench:docs` (and `npm run bench` after writing results): rewrites each
 * `<!-- generated:NAME -->` … `<!-- /generated:NAME -->` block of docs/performance.md from
 * bench/results/NAME.json. Only the blocks change; the prose around them is written by hand.
 */

export const RESULTS_DIR = join(__dirname, '..', 'results');
export const DOC_PATH = join(__dirname, '..', '..', 'docs', 'performance.md');

const BLOCK = /<!-- generated:([\w-]+) -->\n([\s\S]*?)<!-- \/generated:([\w-]+) -->/g;
const OPENING = /<!-- generated:([\w-]+) -->/g;
const CLOSING = /<!-- \/generated:([\w-]+) -->/g;

interface Machine { node: string; cpus: number; cpu?: string; at: string }
/** A results file as `npm run bench` writes it: the machine, then whatever the benchmark returned. */
export interface ResultsFile { machine?: Machine; [field: string]: unknown }

/** The line that opens every block, so a reader sees where a figure comes from and how old it is. */
export function provenance(name: string, machine: Machine | undefined): string {
  if (!machine?.at) throw new Error(`bench/results/${name}.json has no machine.at: it was not written by npm run bench (or bench:soak).`);
  const at = `${machine.at.slice(0, 10)} ${machine.at.slice(11, 16)} UTC`;
  const cpu = machine.cpu ? ` (${machine.cpu})` : '';
  return `_From \`bench/results/${name}.json\`, run ${at} on ${machine.cpus} cores${cpu}, Node ${machine.node}._`;
}

/** The inside of one block: provenance, then the table, with blank lines so the markers never join the table. */
export function renderBlock(name: string, result: ResultsFile, renderers = RENDERERS): string {
  const render = renderers[name];
  if (!render) throw new Error(`bench/results/${name}.json has no renderer: add one to RENDERERS in bench/report/index.ts.`);
  return `\n${provenance(name, result.machine)}\n\n${render(result)}\n\n`;
}

/** The document with every generated block rewritten; throws when the blocks and the results files do not match one to one. */
export function fillDoc(doc: string, results: Record<string, ResultsFile>, renderers = RENDERERS): string {
  const opened = [...doc.matchAll(OPENING)].map((match) => match[1]!);
  const closed = [...doc.matchAll(BLOCK)];
  const unclosed = opened.filter((name) => !closed.some((match) => match[1] === name && match[3] === name));
  if (unclosed.length > 0) throw new Error(`docs/performance.md: <!-- generated:${unclosed[0]} --> has no matching <!-- /generated:${unclosed[0]} --> after it.`);
  const strays = [...doc.matchAll(CLOSING)].length - closed.length;
  if (strays > 0) throw new Error('docs/performance.md has a <!-- /generated:… --> marker with no opening marker before it.');
  const twice = opened.find((name, i) => opened.indexOf(name) !== i);
  if (twice) throw new Error(`docs/performance.md has two generated:${twice} blocks; keep one.`);
  const orphan = opened.find((name) => !(name in results));
  if (orphan) throw new Error(`docs/performance.md has a generated:${orphan} block but there is no bench/results/${orphan}.json: remove the block or run the benchmark.`);
  const missing = Object.keys(results).find((name) => !opened.includes(name));
  if (missing) throw new Error(`bench/results/${missing}.json has no block in docs/performance.md: add <!-- generated:${missing} --> and <!-- /generated:${missing} --> where its table belongs.`);
  return doc.replace(BLOCK, (_block, name: string) => `<!-- generated:${name} -->${renderBlock(name, results[name]!, renderers)}<!-- /generated:${name} -->`);
}

/** Every bench/results/*.json, by name. */
export async function readResults(dir = RESULTS_DIR): Promise<Record<string, ResultsFile>> {
  const files = (await readdir(dir)).filter((file) => file.endsWith('.json')).sort();
  const entries = await Promise.all(files.map(async (file) => [basename(file, '.json'), JSON.parse(await readFile(join(dir, file), 'utf8'))] as const));
  return Object.fromEntries(entries);
}

/** Rewrites the doc from the results; true when it changed. */
export async function generateDocs(resultsDir = RESULTS_DIR, docPath = DOC_PATH): Promise<boolean> {
  const doc = await readFile(docPath, 'utf8');
  const next = fillDoc(doc, await readResults(resultsDir));
  if (next === doc) return false;
  await writeFile(docPath, next);
  return true;
}

if (require.main === module) {
  generateDocs().then(
    (changed) => console.log(changed ? 'docs/performance.md: tables regenerated from bench/results.' : 'docs/performance.md: already matches bench/results.'),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exitCode = 1;
    },
  );
}
