import { mkdir, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { benchCardRead } from './card-read';
import { benchEnrollment } from './enrollment';

/** `npm run bench`: runs every benchmark and writes its JSON under bench/results/. */
async function main(): Promise<void> {
  const machine = { node: process.version, cpus: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', at: new Date().toISOString() };
  const dir = join(__dirname, 'results');
  await mkdir(dir, { recursive: true });
  const enrollment = await benchEnrollment();
  await writeFile(join(dir, 'enrollment.json'), `${JSON.stringify({ machine, ...enrollment }, null, 2)}\n`);
  console.log(JSON.stringify(enrollment.results, null, 2));
  const cards = await benchCardRead();
  await writeFile(join(dir, 'card-read.json'), `${JSON.stringify({ machine, ...cards }, null, 2)}\n`);
  console.log(JSON.stringify(cards.results, null, 2));
}

void main();
