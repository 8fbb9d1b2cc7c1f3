import { mkdir, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { generateDocs } from './report/generate';
import { BENCHMARKS } from './registry';

/** `npm run bench [-- name …]`: runs the benchmarks (all by default), writes their JSON under bench/results/ and regenerates docs/performance.md's tables. */
async function main(): Promise<void> {
  const machine = { node: process.version, cpus: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', at: new Date().toISOString() };
  const dir = join(__dirname, 'results');
  await mkdir(dir, { recursive: true });
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((name) => !(name in BENCHMARKS));
  if (unknown.length > 0) throw new Error(`Unknown benchmark ${unknown.join(', ')}; choose from ${Object.keys(BENCHMARKS).join(', ')}.`);
  for (const [name, run] of Object.entries(BENCHMARKS)) {
    if (wanted.length > 0 && !wanted.includes(name)) continue;
    const result = await run();
    await writeFile(join(dir, `${name}.json`), `${JSON.stringify({ machine, ...result }, null, 2)}\n`);
    console.log(name, JSON.stringify(result.results, null, 2));
  }
  // The doc's tables follow the results at once, so they are never committed apart.
  if (await generateDocs()) console.log('docs/performance.md: tables regenerated.');
}

void main();
