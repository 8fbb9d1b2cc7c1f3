import { randomBytes } from 'node:crypto';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { AuditWorkerClient } from '../src/main/audit/audit-worker-host';
import { segmentsOf } from '../src/main/audit/chain-fixture';
import { CHECKPOINT_EVERY } from '../src/main/audit/audit-service';
import { nodeEd25519 } from '../src/node/crypto';
import { GENESIS_HASH, generateAuditKeyPair, nobleEd25519, sealAuditEntry, verifyAuditChain, type AuditEntry } from '../src/shared/domain/audit-chain';
import { createOperators, OPERATOR_PIN, operatorCard, registerOperators } from '../tests/support/operators';
import { VpcdCard } from '../tests/support/pcsc/vpcd-card';
import { startStationStack } from '../tests/support/station-stack';
import { until } from '../tests/support/until';

/**
 * Operators and the audit trail:
 * - audit chain: the cost of sealing one entry (hash + Ed25519 signature, paid inside every
 *   audited commit), and of checking a whole 100,000-entry chain (the Audit view's first
 *   check, the server's check of a push, the auditor's command) with Node's Ed25519 and
 *   with noble's pure-JS one; and the station's check in its audit worker (every hash and
 *   link, signatures at checkpoints: docs/decisions/0015), with the main thread's longest
 *   event-loop delay meanwhile;
 * - sign-in over the real stack: operator card in the reader → `session:sign-in` answered
 *   (certificate read and checked, PIN verified, challenge signed by the card and checked).
 */
const CHAIN = 100_000;
const SIGN_INS = 20;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! * 100) / 100;
}

/**
 * The station's check: the History posted to the audit worker as snapshot segments, then
 * checked there (wall time from the first segment to the answer).
 */
export async function workerCheck(entries: readonly AuditEntry[], publicKey: string, stationId: string) {
  const delay = monitorEventLoopDelay({ resolution: 5 });
  const client = new AuditWorkerClient({ publicKey, stationId, checkpointEvery: CHECKPOINT_EVERY }, 600_000);
  try {
    const segments = segmentsOf(entries);
    // The worker's own start (loading its code: about a second from sources under tsx) is not part of the check.
    let started = performance.now();
    await client.request({ kind: 'logged', action: 'applicant.created', recordId: 'none' });
    const workerStartMs = Math.round(performance.now() - started);
    delay.enable();
    started = performance.now();
    const cpu = process.cpuUsage();
    await client.load(segments);
    const result = await client.request({ kind: 'check', acknowledgedHead: null });
    const seconds = (performance.now() - started) / 1000;
    // CPU time of both threads: less sensitive than wall time to other work on the machine.
    const { user, system } = process.cpuUsage(cpu);
    const cpuSeconds = (user + system) / 1e6;
    delay.disable();
    if (!result.ok) throw new Error('the benchmark chain did not verify in the audit worker');
    const per100k = (value: number) => Math.round((value / entries.length) * 100_000 * 100) / 100;
    return {
      workerStartMs,
      workerCheckSecondsPer100k: per100k(seconds),
      workerCheckCpuSecondsPer100k: per100k(cpuSeconds),
      workerCheckMaxEventLoopDelayMs: Math.round(delay.max / 1e4) / 100,
    };
  } finally {
    await client.close();
  }
}

async function chainBench() {
  const keys = generateAuditKeyPair((n) => randomBytes(n));
  const entries: AuditEntry[] = [];
  const sealMs: number[] = [];
  for (let seq = 1; seq <= CHAIN; seq++) {
    const started = performance.now();
    entries.push(
      sealAuditEntry(
        {
          id: `e${seq}`,
          seq,
          at: new Date().toISOString(),
          action: 'applicant.created',
          employeeNumber: String(10_000_000 + seq),
          operator: 'Alice Clerk',
          operatorFingerprint: 'a'.repeat(64),
          stationId: 'bench-station',
          stationName: 'Bench',
          summary: `Applicant First${seq} Lästname${seq} added with credential type Mobile PACS – Employee`,
          prevHash: entries.at(-1)?.hash ?? GENESIS_HASH,
        },
        keys.secretKey,
        nodeEd25519,
      ),
    );
    sealMs.push(performance.now() - started);
  }
  let started = performance.now();
  const ok = verifyAuditChain(entries, { publicKey: keys.publicKey, ed25519: nodeEd25519 }).ok;
  const verifyNodeMs = performance.now() - started;
  const sample = entries.slice(0, 2_000);
  started = performance.now();
  const okNoble = verifyAuditChain(sample, { publicKey: keys.publicKey, ed25519: nobleEd25519 }).ok;
  const nobleMsPerEntry = (performance.now() - started) / sample.length;
  if (!ok || !okNoble) throw new Error('the benchmark chain did not verify');
  const worker = await workerCheck(entries, keys.publicKey, 'bench-station');
  return {
    entries: CHAIN,
    sealOneEntryMs: { p50: percentile(sealMs, 50), p95: percentile(sealMs, 95) },
    verifyWholeChainNodeSeconds: Math.round(verifyNodeMs / 10) / 100,
    verifyPerEntryNodeMs: Math.round((verifyNodeMs / CHAIN) * 1000) / 1000,
    verifyPerEntryNobleMs: Math.round(nobleMsPerEntry * 1000) / 1000,
    ...worker,
  };
}

async function signInBench() {
  const stack = await startStationStack({ prefix: 'bench-operators-', stationName: 'Bench' });
  const { call, pcscd } = stack;
  const samples: number[] = [];
  try {
    const ops = await createOperators();
    await registerOperators(stack.server, ops);
    await stack.register();
    await until(async () => (await call<{ mode: string }>('session:get')).mode === 'locked', 'the registry', 30_000);
    const readerName = pcscd.readerNames[0]!;
    const present = (want: boolean) =>
      until(async () => (await call<{ readers: { name: string; cardPresent: boolean }[] }>('readers:status')).readers.some((r) => r.name === readerName && r.cardPresent === want), 'the reader');
    for (let i = 0; i < SIGN_INS; i++) {
      const card = new VpcdCard(operatorCard(ops.clerk), { port: pcscd.vpcdPorts[0] });
      await card.insert();
      await present(true);
      const started = performance.now();
      await call('session:sign-in', { readerName, pin: OPERATOR_PIN });
      samples.push(performance.now() - started);
      await card.remove();
      await present(false);
      await until(async () => (await call<{ mode: string }>('session:get')).mode === 'locked', 'the lock');
    }
  } finally {
    await stack.stop();
  }
  return { samples: SIGN_INS, signInMs: { p50: percentile(samples, 50), p95: percentile(samples, 95), max: percentile(samples, 100) } };
}

export async function benchOperators() {
  return {
    description: `Audit chain of ${CHAIN.toLocaleString('en')} entries (seal one entry; check the whole chain, Node and noble Ed25519, and in the station's audit worker) and ${SIGN_INS} operator sign-ins over the real stack (virtual operator card in a private pcscd, web host, central server on PGlite).`,
    results: { auditChain: await chainBench(), signIn: await signInBench() },
  };
}
