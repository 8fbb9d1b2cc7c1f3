import { mkdir } from 'node:fs/promises';
import { startStation } from '../../src/main/station';
import { keyFileProvider } from '../../src/main/store/key-providers';
import { smartcardDevices } from '../../src/main/reader/smartcard-devices';

/**
 * The process the crash test kills: the real station (config → encrypted store →
 * applicants service → handler table) on CRASH_DATA_DIR with the key in CRASH_KEY_FILE,
 * enrolling people as fast as it can. It prints `ACK <employeeNumber> <email>` only
 * after `applicants:create` resolved, i.e. after the station told the clerk "saved".
 * It never stops by itself (except as a safety net after CRASH_MAX_LIFETIME_MS).
 *
 * Bundled to CommonJS by crash-harness.ts and run with plain `node`, so it starts fast.
 */
const FIRST = ['Seán', 'Zoë', 'Łukasz', 'José', 'Ngọc', 'Анна', '李', 'Søren', 'Αλέξης', 'Mary-Kate', "D'Arcy", 'Ann'];
const LAST = ['Ó Briain', 'Łukasiewicz', 'Müller', 'Nguyễn', 'Иванова', '王', 'Kierkegaard', 'Παπαδόπουλος', 'Smith-Jones', "O'Neill"];
const TYPES = ['mobile-pacs-employee', 'mobile-pacs-contractor', 'piv-card-employee'];

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

async function main(): Promise<void> {
  const dataDir = required('CRASH_DATA_DIR');
  const keyFile = required('CRASH_KEY_FILE');
  const round = required('CRASH_ROUND');
  const workers = Number(process.env.CRASH_WORKERS ?? '2');
  const lifetime = Number(process.env.CRASH_MAX_LIFETIME_MS ?? '60000');
  setTimeout(() => {
    process.stderr.write(`crash child: not killed within ${lifetime} ms, exiting\n`);
    process.exit(3);
  }, lifetime).unref();

  await mkdir(dataDir, { recursive: true, mode: 0o700 }); // as the hosts do before starting the station
  const compactEvery = Number(process.env.CRASH_COMPACT_EVERY ?? '0');
  const station = await startStation({
    dataDir,
    keys: keyFileProvider(keyFile, { create: true }),
    version: 'crash-test',
    pcsc: smartcardDevices,
    operator: 'Crash test clerk',
    ...(compactEvery > 0 ? { compaction: { records: compactEvery, bytes: 1 << 30 } } : {}),
  });
  let next = 0;
  const enrollForever = async (worker: number): Promise<never> => {
    for (;;) {
      const i = next++;
      const first = FIRST[i % FIRST.length]!;
      const last = LAST[(i * 7 + worker) % LAST.length]!;
      // Unique across rounds (round number) and within one (counter); non-ASCII in the local part.
      const email = `${first.toLowerCase().replace(/[^\p{L}]/gu, '')}.r${round}.n${i}@example.org`;
      const applicant = await station.handlers['applicants:create']({
        firstName: first,
        middleName: i % 3 === 0 ? 'Máire' : undefined,
        lastName: last,
        credentialTypeId: TYPES[i % TYPES.length]!,
        email,
        externalLinkingKey: i % 2 === 0 ? `HR-${round}-${i}` : undefined,
      });
      // Only now has the station acknowledged the enrollment.
      process.stdout.write(`ACK ${applicant.employeeNumber} ${applicant.email ?? ''}\n`);
    }
  };
  await Promise.all(Array.from({ length: workers }, (_, worker) => enrollForever(worker)));
}

main().catch((error: unknown) => {
  process.stderr.write(`crash child failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
