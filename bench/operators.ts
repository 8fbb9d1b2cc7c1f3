import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { nodeEd25519 } from '../src/main/audit/node-ed25519';
import { CONFIG_FILE } from '../src/main/config';
import { GENESIS_HASH, generateAuditKeyPair, nobleEd25519, sealAuditEntry, verifyAuditChain, type AuditEntry } from '../src/shared/domain/audit-chain';
import { startCentralServer } from '../tests/support/central-server';
import { createOperators, OPERATOR_PIN, operatorCard, registerOperators } from '../tests/support/operators';
import { startPrivatePcscd } from '../tests/support/pcsc/private-pcscd';
import { VpcdCard } from '../tests/support/pcsc/vpcd-card';
import { StationClient } from '../tests/support/station-client';
import { FAST_SYNC } from '../tests/support/sync-harness';
import { until } from '../tests/support/until';
import { scratchDir, startWebHost } from '../tests/support/web-host';

/**
 * Operators and the audit trail:
 * - audit chain: the cost of sealing one entry (hash + Ed25519 signature, paid inside every
 *   audited commit), and of checking a whole 100,000-entry chain (the Audit view's first
 *   check, the server's check of a push, the auditor's command) with Node's Ed25519 and
 *   with noble's pure-JS one;
 * - sign-in over the real stack: operator card in the reader → `session:sign-in` answered
 *   (certificate read and checked, PIN verified, challenge signed by the card and checked).
 */
const CHAIN = 100_000;
const SIGN_INS = 20;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! * 100) / 100;
}

function chainBench() {
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
  return {
    entries: CHAIN,
    sealOneEntryMs: { p50: percentile(sealMs, 50), p95: percentile(sealMs, 95) },
    verifyWholeChainNodeSeconds: Math.round(verifyNodeMs / 10) / 100,
    verifyPerEntryNodeMs: Math.round((verifyNodeMs / CHAIN) * 1000) / 1000,
    verifyPerEntryNobleMs: Math.round(nobleMsPerEntry * 1000) / 1000,
  };
}

async function signInBench() {
  const dir = await scratchDir('bench-operators-');
  const pcscd = await startPrivatePcscd();
  const server = await startCentralServer({ backend: 'pglite', dataDir: join(dir.path, 'server') });
  const ops = await createOperators();
  await registerOperators(server, ops);
  const dataDir = join(dir.path, 'station');
  await mkdir(dataDir, { recursive: true });
  await writeFile(join(dataDir, CONFIG_FILE), JSON.stringify({ stationName: 'Bench', sync: FAST_SYNC }));
  const host = await startWebHost({ dataDir, keyFile: join(dir.path, 'key'), env: { ...pcscd.env } });
  const client = await StationClient.connect(host.origin);
  await client.hello(host.secret);
  const call = async <T>(channel: string, input?: unknown): Promise<T> => {
    const envelope = (await client.call(channel, input)) as { ok: true; value: T } | { ok: false; error: { code: string; message: string } };
    if (!envelope.ok) throw new Error(`${channel}: ${envelope.error.code} ${envelope.error.message}`);
    return envelope.value;
  };
  const samples: number[] = [];
  try {
    await call('sync:register', { serverUrl: server.url, token: await server.createToken('Bench') });
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
    client.close();
    await host.stop();
    await server.stop();
    await pcscd.stop();
    await dir.remove();
  }
  return { samples: SIGN_INS, signInMs: { p50: percentile(samples, 50), p95: percentile(samples, 95), max: percentile(samples, 100) } };
}

export async function benchOperators() {
  return {
    description: `Audit chain of ${CHAIN.toLocaleString('en')} entries (seal one entry; check the whole chain, Node and noble Ed25519) and ${SIGN_INS} operator sign-ins over the real stack (virtual operator card in a private pcscd, web host, central server on PGlite).`,
    results: { auditChain: chainBench(), signIn: await signInBench() },
  };
}
