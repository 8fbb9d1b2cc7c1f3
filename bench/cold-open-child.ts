import { join } from 'node:path';
import { Low } from 'lowdb';
import { JSONFile } from 'lowdb/node';
import { keyFileProvider } from '../src/main/store/key-providers';
import { emptyDocument } from '../src/main/store/document';
import { openStationStore } from '../src/main/store/station-store';
import { startStation } from '../src/main/station';
import { smartcardDevices } from '../src/main/reader/smartcard-devices';

/** Run in a fresh process by bench/enrollment.ts: a truly cold open (no warm JIT, no garbage from seeding). */
async function main(): Promise<void> {
  const [dataDir, keyFile, what] = process.argv.slice(2) as [string, string, 'store' | 'station' | 'plain-lowdb'];
  const keys = keyFileProvider(keyFile, { create: false });
  const start = performance.now();
  if (what === 'plain-lowdb') {
    const db = new Low<unknown>(new JSONFile(join(dataDir, 'db.json')), null);
    await db.read();
    process.stdout.write(JSON.stringify({ ms: performance.now() - start }));
  } else if (what === 'store') {
    const store = await openStationStore({ dataDir, keys, initial: () => emptyDocument({ first: 10_000_000, last: 19_999_999 }) });
    const ms = performance.now() - start;
    await store.close();
    process.stdout.write(JSON.stringify({ ms }));
  } else {
    const station = await startStation({ dataDir, keys, version: 'bench', pcsc: smartcardDevices, operator: 'bench' });
    const ms = performance.now() - start;
    await station.close();
    process.stdout.write(JSON.stringify({ ms }));
  }
}

void main();
