import { spawn } from 'node:child_process';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { build } from 'esbuild';
import { readJournal, readJournalHeader } from '../../src/main/store/journal';
import { keyFileProvider } from '../../src/main/store/key-providers';
import { JOURNAL_FILE, NEXT_JOURNAL_FILE, openStationStore, STORE_FILE, type StationStore } from '../../src/main/store/station-store';

/**
 * Kill-and-reopen rounds against the real station, shared by the crash test
 * (tests/integration/crash.test.ts) and the soak (bench/crash-soak.ts).
 *
 * Each round starts tests/support/crash-child.ts on the same data folder; the child
 * enrolls people and prints one `ACK` line per enrollment the station acknowledged.
 * A random 30–400 ms after its first ACK of the round, the child gets SIGKILL (no
 * shutdown of any kind). The store is then opened here, as the station would open it
 * on the next start, and checked against everything acknowledged so far.
 */

export interface Ack {
  employeeNumber: string;
  email: string;
}

export interface CrashRunOptions {
  /** The bundled child (see `bundleCrashChild`). */
  childFile: string;
  dataDir: string;
  keyFile: string;
  rounds: number;
  /** Seeds the kill delays, so a failing run can be repeated with the same schedule. */
  seed: number;
  /** SIGKILL this long after the round's first ACK: uniform in [min, max] ms. */
  killDelayMs?: { min: number; max: number };
  /** Concurrent enrollments in the child (the store queues them). */
  workers?: number;
  /** Fold the journal into a snapshot every N commits in the child (0: the station's default), so kills land inside compactions. */
  compactEvery?: number;
  /** Called after each round has been verified. */
  onRound?: (round: RoundReport) => void;
}

export interface RoundReport {
  round: number;
  killDelayMs: number;
  acks: number;
  applicants: number;
  /** What the kill left behind, seen before the store was reopened. */
  leftBehind: KillState;
}

export interface KillState {
  /** The journal ended in a partly written record (the kill landed inside an append). */
  tornTail: boolean;
  /** The kill landed inside a compaction (a new temp file, or snapshot/journal between renames). */
  insideCompaction: boolean;
  /** Temp files this kill left in the data folder. */
  newTempFiles: string[];
}

export interface CrashRunSummary {
  seed: number;
  rounds: number;
  /** Enrollments the station acknowledged (ACK printed) over all rounds. */
  acknowledged: number;
  /** Applicants in the store after the last round. */
  applicantsAfter: number;
  /** Saved but never acknowledged (the kill came between the write and the ACK): allowed. */
  savedWithoutAck: number;
  /** Acknowledged enrollments missing from the store (must be 0). */
  lost: number;
  /** Employee Numbers or emails found more than once (must be 0). */
  duplicates: number;
  /** Snapshot generations the store went through (compactions, automatic every 5,000 commits). */
  compactions: number;
  roundsWithTornTail: number;
  roundsKilledInsideCompaction: number;
  /** Temp files left in the data folder at the end (nothing removes them), with their size. */
  tempFilesAtEnd: { name: string; bytes: number }[];
  /** Everything that went wrong, in words; empty on a pass. */
  problems: string[];
}

const CHILD_SOURCE = join(__dirname, 'crash-child.ts');

/** Bundles the crash child into one CommonJS file, so each round starts in plain `node` quickly. */
export async function bundleCrashChild(outDir: string): Promise<string> {
  const outfile = join(outDir, 'crash-child.cjs');
  // The PC/SC binding is a native addon: left out of the bundle and loaded from node_modules (NODE_PATH below).
  await build({ entryPoints: [CHILD_SOURCE], outfile, platform: 'node', bundle: true, format: 'cjs', target: 'node20', logLevel: 'warning', external: ['smartcard'] });
  return outfile;
}

/** Small seeded PRNG (mulberry32): the same seed gives the same kill schedule. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface ChildRun {
  acks: Ack[];
  /** Why the round could not be used, if it could not. */
  failure?: string;
}

/** Runs the child until its first ACK plus `killDelayMs`, then SIGKILLs it; collects every complete ACK line. */
function runChild(options: { childFile: string; dataDir: string; keyFile: string; round: number; killDelayMs: number; workers: number; compactEvery?: number }): Promise<ChildRun> {
  const child = spawn(process.execPath, [options.childFile], {
    env: {
      ...process.env,
      NODE_PATH: join(__dirname, '../../node_modules'),
      CRASH_DATA_DIR: options.dataDir,
      CRASH_KEY_FILE: options.keyFile,
      CRASH_ROUND: String(options.round),
      CRASH_WORKERS: String(options.workers),
      CRASH_COMPACT_EVERY: String(options.compactEvery ?? 0),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const acks: Ack[] = [];
  let pending = '';
  let stderr = '';
  let killTimer: NodeJS.Timeout | undefined;
  // Opening a large store takes a while; no first ACK within this time is a failure, not a crash round.
  const startTimer = setTimeout(() => {
    stderr += '\n(no acknowledged enrollment within 60 s of starting)';
    child.kill('SIGKILL');
  }, 60_000);
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop() ?? ''; // a line cut short by the kill is not an acknowledgement
    for (const line of lines) {
      const match = /^ACK (\d{8}) (\S+)$/.exec(line);
      if (!match) {
        stderr += `\nunexpected output: ${line}`;
        continue;
      }
      acks.push({ employeeNumber: match[1]!, email: match[2]! });
      if (killTimer === undefined) {
        clearTimeout(startTimer);
        killTimer = setTimeout(() => child.kill('SIGKILL'), options.killDelayMs);
      }
    }
  });
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve) => {
    child.once('close', (code, signal) => {
      clearTimeout(startTimer);
      clearTimeout(killTimer);
      const killedByUs = signal === 'SIGKILL' && killTimer !== undefined;
      resolve(killedByUs ? { acks } : { acks, failure: `the station process ended by itself (code ${code}, signal ${signal}): ${stderr.trim()}` });
    });
  });
}

async function tempFiles(dataDir: string): Promise<string[]> {
  return (await readdir(dataDir).catch(() => [])).filter((n) => n.endsWith('.tmp'));
}

/** Looks at what the kill left on disk, before anything reopens (and repairs) the store. */
async function inspectKillState(dataDir: string, keyFile: string, tempBefore: readonly string[]): Promise<KillState> {
  const names = await readdir(dataDir);
  const newTempFiles = (await tempFiles(dataDir)).filter((n) => !tempBefore.includes(n));
  const has = (name: string): boolean => names.includes(name);
  const insideCompaction = newTempFiles.length > 0 || !has(STORE_FILE) || !has(JOURNAL_FILE) || has(NEXT_JOURNAL_FILE);
  let tornTail = false;
  if (has(JOURNAL_FILE)) {
    const key = await keyFileProvider(keyFile, { create: false }).keyFor({ kind: 'key-file' });
    try {
      tornTail = readJournal(key, await readFile(join(dataDir, JOURNAL_FILE))).tornTail;
    } catch {
      // The reopen below reports an unreadable journal.
    }
  }
  return { tornTail, insideCompaction, newTempFiles };
}

async function journalGeneration(dataDir: string): Promise<number | undefined> {
  try {
    return readJournalHeader(await readFile(join(dataDir, JOURNAL_FILE))).generation;
  } catch {
    return undefined;
  }
}

/**
 * Opens the store as the next station start would and checks it against what was
 * acknowledged. `seen` maps every Employee Number found by earlier checks to its email;
 * it is updated in place. Returns the problems found and the number of applicants.
 */
async function verifyStore(
  dataDir: string,
  keyFile: string,
  acked: ReadonlyMap<string, string>,
  seen: Map<string, string>,
  lost: Set<string>,
  duplicated: Set<string>,
): Promise<{ problems: string[]; applicants: number; opened: boolean }> {
  let store: StationStore;
  try {
    store = await openStationStore({
      dataDir,
      keys: keyFileProvider(keyFile, { create: false }),
      initial: () => {
        throw new Error('the store is gone: the station would start over with an empty store');
      },
    });
  } catch (error) {
    return { problems: [`the store does not open: ${(error as Error).message}`], applicants: 0, opened: false };
  }
  const problems: string[] = [];
  try {
    const { applicants, audit } = store.data;
    const byNumber = new Map<string, string[]>();
    const byEmail = new Map<string, number>();
    for (const a of applicants) {
      const emails = byNumber.get(a.employeeNumber) ?? [];
      emails.push(a.email ?? '');
      byNumber.set(a.employeeNumber, emails);
      const email = (a.email ?? '').toLowerCase();
      byEmail.set(email, (byEmail.get(email) ?? 0) + 1);
    }
    for (const [number, emails] of byNumber) {
      if (emails.length > 1 && !duplicated.has(number)) {
        duplicated.add(number);
        problems.push(`Employee Number ${number} was issued ${emails.length} times (${emails.join(', ')})`);
      }
    }
    for (const [email, count] of byEmail) {
      if (count > 1 && !duplicated.has(email)) {
        duplicated.add(email);
        problems.push(`${count} applicants have the email ${email}`);
      }
    }
    for (const [number, email] of acked) {
      const found = byNumber.get(number);
      if (!found) {
        if (!lost.has(number)) problems.push(`acknowledged applicant ${number} (${email}) is missing`);
        lost.add(number);
      } else if (!found.includes(email)) {
        problems.push(`acknowledged applicant ${number} was ${email} but the store has ${found.join(', ')}`);
      }
    }
    for (const [number, email] of seen) {
      if (!byNumber.get(number)?.includes(email) && !lost.has(number)) {
        lost.add(number);
        problems.push(`applicant ${number} (${email}), present after an earlier restart, has disappeared`);
      }
    }
    if (applicants.length < acked.size) problems.push(`the store has ${applicants.length} applicants but ${acked.size} enrollments were acknowledged`);
    // History: one "applicant.created" entry per applicant, numbered 1, 2, 3, … without gaps.
    const created = new Map<string, number>();
    audit.toArray().forEach((entry, i) => {
      const number = entry.employeeNumber ?? '';
      created.set(number, (created.get(number) ?? 0) + 1);
      if (entry.seq !== i + 1 && problems.length < 50) problems.push(`History entry ${i + 1} is numbered ${entry.seq}`);
    });
    for (const number of byNumber.keys()) {
      if (created.get(number) !== 1 && problems.length < 50) problems.push(`applicant ${number} has ${created.get(number) ?? 0} History entries instead of 1`);
    }
    for (const a of applicants) seen.set(a.employeeNumber, a.email ?? '');
    return { problems, applicants: applicants.length, opened: true };
  } finally {
    await store.close();
  }
}

/** Runs the kill-and-reopen rounds on one data folder. Never throws for a store problem: it reports it. */
export async function runCrashRounds(options: CrashRunOptions): Promise<CrashRunSummary> {
  const random = seededRandom(options.seed);
  const { min, max } = options.killDelayMs ?? { min: 30, max: 400 };
  const acked = new Map<string, string>();
  const seen = new Map<string, string>();
  const lost = new Set<string>();
  const duplicated = new Set<string>();
  const summary: CrashRunSummary = {
    seed: options.seed,
    rounds: 0,
    acknowledged: 0,
    applicantsAfter: 0,
    savedWithoutAck: 0,
    lost: 0,
    duplicates: 0,
    compactions: 0,
    roundsWithTornTail: 0,
    roundsKilledInsideCompaction: 0,
    tempFilesAtEnd: [],
    problems: [],
  };
  let generation = await journalGeneration(options.dataDir);
  let tempBefore = await tempFiles(options.dataDir);
  for (let round = 1; round <= options.rounds; round++) {
    const killDelayMs = Math.round(min + random() * (max - min));
    const run = await runChild({ childFile: options.childFile, dataDir: options.dataDir, keyFile: options.keyFile, round, killDelayMs, workers: options.workers ?? 2, compactEvery: options.compactEvery });
    for (const ack of run.acks) {
      if (acked.has(ack.employeeNumber)) {
        duplicated.add(ack.employeeNumber);
        summary.problems.push(`round ${round}: Employee Number ${ack.employeeNumber} was acknowledged twice (${acked.get(ack.employeeNumber)}, ${ack.email})`);
      }
      acked.set(ack.employeeNumber, ack.email);
    }
    summary.acknowledged += run.acks.length;
    if (run.failure) {
      summary.problems.push(`round ${round}: ${run.failure}`);
      break;
    }
    const leftBehind = await inspectKillState(options.dataDir, options.keyFile, tempBefore);
    if (leftBehind.tornTail) summary.roundsWithTornTail += 1;
    if (leftBehind.insideCompaction) summary.roundsKilledInsideCompaction += 1;
    const checked = await verifyStore(options.dataDir, options.keyFile, acked, seen, lost, duplicated);
    summary.problems.push(...checked.problems.map((p) => `round ${round} (killed ${killDelayMs} ms after its first ACK): ${p}`));
    summary.rounds = round;
    summary.applicantsAfter = checked.applicants;
    const nextGeneration = await journalGeneration(options.dataDir);
    if (generation !== undefined && nextGeneration !== undefined) summary.compactions += nextGeneration - generation;
    generation = nextGeneration ?? generation;
    tempBefore = await tempFiles(options.dataDir);
    options.onRound?.({ round, killDelayMs, acks: run.acks.length, applicants: checked.applicants, leftBehind });
    if (!checked.opened) break;
  }
  summary.lost = lost.size;
  summary.duplicates = duplicated.size;
  summary.savedWithoutAck = Math.max(0, summary.applicantsAfter - acked.size);
  for (const name of await tempFiles(options.dataDir)) {
    summary.tempFilesAtEnd.push({ name, bytes: (await stat(join(options.dataDir, name))).size });
  }
  return summary;
}

/** Creates the station's key file the way the station does on first start. */
export async function createKeyFile(keyFile: string): Promise<void> {
  await keyFileProvider(keyFile, { create: true }).newKey();
}
