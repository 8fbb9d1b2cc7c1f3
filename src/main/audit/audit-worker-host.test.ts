import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterEach, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../shared/domain/audit-chain';
import { foldForSearch } from '../../shared/domain/text';
import { AuditEntries } from './audit-entries';
import { AuditWorkerClient, auditWorkerScript, type WorkerScript } from './audit-worker-host';
import { segmentsOf, signedChain, STATION_ID, stationKeys } from './chain-fixture';

/** The real audit worker thread, started the way the station starts it (from sources: through tsx). */
const setup = { publicKey: stationKeys.publicKey, stationId: STATION_ID, checkpointEvery: 1_000 };
const clients: AuditWorkerClient[] = [];
function start(script?: WorkerScript, timeoutMs?: number): AuditWorkerClient {
  const client = new AuditWorkerClient(setup, timeoutMs, script);
  clients.push(client);
  return client;
}
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
});

const chain = signedChain(3_500);

describe('where the worker code is', () => {
  it('is the .ts beside this file, through tsx, from sources; the bundle beside main.js when built', () => {
    const fromSources = auditWorkerScript(join(__dirname, 'audit-worker-host.ts'));
    expect(fromSources.eval).toBe(true);
    expect(fromSources.source).toContain(JSON.stringify(join(__dirname, 'audit-worker.ts')));
    expect(fromSources.source).toMatch(/tsx\/dist\/cjs\/api\/index\.cjs/);
    expect(auditWorkerScript('/app/.vite/build/main.js')).toEqual({ source: '/app/.vite/build/audit-worker.js', eval: false });
  });
});

describe('the audit worker', () => {
  it('checks a History given as segments and then entry by entry, and answers as the main thread did', async () => {
    const client = start();
    await client.load(segmentsOf(chain.slice(0, 3_000)));
    client.post({ type: 'append', entries: chain.slice(3_000) });
    expect(await client.request({ kind: 'check', acknowledgedHead: { seq: 3_400, hash: chain[3_399]!.hash } })).toEqual({
      ok: true,
      head: { seq: 3_500, hash: chain[3_499]!.hash },
      acknowledgedHead: { seq: 3_400, hash: chain[3_399]!.hash },
      findings: [],
    });

    const page = await client.request({ kind: 'list', employeeNumber: '10000007', text: 'alice', limit: 5, acknowledgedHead: null });
    const old = oldList(chain, '10000007', 'alice');
    expect(page).toMatchObject({ entries: old.slice(-5).reverse(), total: old.length, soFar: { ok: true } });
    expect((await client.request({ kind: 'list', text: 'NUMBER 12', limit: 1000, acknowledgedHead: null })).total).toBe(oldList(chain, undefined, 'NUMBER 12').length);
    expect(await client.request({ kind: 'history', employeeNumber: '10000007' })).toEqual(chain.filter((e) => e.employeeNumber === '10000007'));
    expect(await client.request({ kind: 'logged', action: 'invitation.redeemed', recordId: 'record-3000' })).toBe(true);
    expect(await client.request({ kind: 'logged', action: 'invitation.redeemed', recordId: 'record-3001' })).toBe(false);
    const local = new AuditEntries();
    local.add(chain);
    expect(await client.request({ kind: 'csv' })).toBe(local.csv());
  });

  it('reads segments that are views into one buffer (as a snapshot gives them), and leaves that buffer to the station', async () => {
    const segments = segmentsOf(chain);
    const whole = Buffer.concat(segments.map((s) => s.json));
    let at = 0;
    const views = segments.map((s) => ({ json: whole.subarray(at, (at += s.json.length)), count: s.count }));
    const client = start();
    await client.load(views);
    expect(await client.request({ kind: 'check', acknowledgedHead: null })).toMatchObject({ ok: true, head: { seq: 3_500 } });
    expect(whole.length).toBe(at);
    expect(views[0]!.json.toString('utf8', 0, 2)).toBe('[{');
  });

  it('reports an entry changed in the snapshot', async () => {
    const client = start();
    await client.load(segmentsOf(chain.map((e, i) => (i === 1_234 ? { ...e, summary: 'changed' } : e))));
    const result = await client.request({ kind: 'check', acknowledgedHead: null });
    expect(result.findings.map((f) => `${f.seq}:${f.problem}`)).toEqual(['1235:hash-mismatch']);
  });

  it('posts one segment per event-loop turn, so other work runs between them', async () => {
    const segments = segmentsOf(chain);
    const client = start();
    let turns = 0;
    let counting = true;
    const count = () => {
      turns += 1;
      if (counting) setImmediate(count);
    };
    setImmediate(count);
    await client.load(segments);
    counting = false;
    expect(turns).toBeGreaterThanOrEqual(segments.length - 1);
  });

  it('keeps the main thread answering while a larger History is posted and checked', async () => {
    const large = signedChain(20_000);
    const client = start();
    const delay = monitorEventLoopDelay({ resolution: 5 });
    delay.enable();
    await client.load(segmentsOf(large));
    const result = await client.request({ kind: 'check', acknowledgedHead: null });
    delay.disable();
    expect(result).toMatchObject({ ok: true, head: { seq: 20_000 } });
    // Loose on purpose (CI machines are loaded): the check itself takes seconds of worker time.
    expect(delay.max / 1e6).toBeLessThan(200);
  });
});

describe('a worker that fails', () => {
  it('that exits: a waiting request and every later one are refused, nothing hangs', async () => {
    const client = start({ source: "require('node:worker_threads').parentPort.on('message', () => process.exit(3));", eval: true });
    await expect(client.request({ kind: 'csv' })).rejects.toThrow('the audit check stopped (exit code 3)');
    await expect(client.request({ kind: 'csv' })).rejects.toThrow('the audit check stopped (exit code 3)');
  });

  it('that throws: the error is named', async () => {
    const client = start({ source: "throw new Error('boom');", eval: true });
    await expect(client.request({ kind: 'csv' })).rejects.toThrow('the audit check failed: boom');
  });

  it('that does not answer: the request times out', async () => {
    const client = start({ source: "require('node:worker_threads').parentPort.on('message', () => {});", eval: true }, 300);
    await expect(client.request({ kind: 'csv' })).rejects.toThrow('the audit check did not answer within 300 ms');
  });

  it('that answers outside the protocol: refused', async () => {
    const client = start({ source: "const { parentPort } = require('node:worker_threads'); parentPort.on('message', (m) => parentPort.postMessage({ type: 'reply', id: m.id, ok: true, result: 42 }));", eval: true });
    await expect(client.request({ kind: 'csv' })).rejects.toThrow('the audit check answered a csv request outside its protocol');
  });
});

/** The Audit view's search as the main thread did it before the worker (audit-service.ts, until 0015). */
function oldList(entries: readonly AuditEntry[], employeeNumber: string | undefined, text: string): AuditEntry[] {
  const words = foldForSearch(text).split(/\s+/).filter(Boolean);
  return entries.filter((e) => {
    if (employeeNumber && e.employeeNumber !== employeeNumber) return false;
    const haystack = foldForSearch(`${e.action} ${e.operator} ${e.summary} ${e.employeeNumber ?? ''} ${e.stationName}`);
    return words.every((w) => haystack.includes(w));
  });
}
