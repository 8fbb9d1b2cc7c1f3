import { randomUUID } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { scratchDir } from '../../../tests/support/web-host';
import { GENESIS_HASH, sealAuditEntry, verifyAuditChain, type AuditEntry } from '../../shared/domain/audit-chain';
import type { Applicant } from '../../shared/domain/applicant';
import { nodeEd25519 } from '../../node/crypto';
import { AuditLog } from './audit-log';
import { emptyDocument, type StoreDocument } from './document';
import { readHeader, seal, unseal } from './envelope';
import { keyFileProvider } from './key-providers';
import { splitLines } from './snapshot';
import { openStationStore, STORE_FILE } from './station-store';

const RANGE = { first: 10_000_000, last: 19_999_999 };
let dir: { path: string; remove(): Promise<void> };
beforeEach(async () => (dir = await scratchDir('snapshot-')));
afterEach(() => dir.remove());

const keys = () => keyFileProvider(join(dir.path, 'station.key'), { create: true });

/** A station with `count` people, each with its signed History entry. */
function populated(count: number): StoreDocument {
  const doc = emptyDocument(RANGE);
  const applicants: Applicant[] = [];
  const audit: AuditEntry[] = [];
  for (let i = 1; i <= count; i++) {
    const employeeNumber = String(10_000_000 + i);
    applicants.push({ employeeNumber, firstName: `Zoë${i}`, lastName: 'Ó Briain', credentialTypeId: 'piv-card-employee', createdAt: '2026-12-08T09:00:00.000Z', createdBy: 'clerk', stationId: doc.stationId });
    const body = { id: randomUUID(), seq: i, at: '2026-12-08T09:00:00.000Z', action: 'applicant.created' as const, employeeNumber, operator: 'clerk', stationId: doc.stationId, stationName: 'Desk', summary: `Applicant Zoë${i} added`, prevHash: audit.at(-1)?.hash ?? GENESIS_HASH };
    audit.push(sealAuditEntry(body, doc.auditKey.secretKey, nodeEd25519));
  }
  return { ...doc, applicants, audit: AuditLog.of(audit) };
}

async function plaintext(): Promise<Buffer> {
  const bytes = await readFile(join(dir.path, STORE_FILE));
  return unseal(await keys().keyFor(readHeader(bytes).header.key), bytes);
}

describe('snapshot layout', () => {
  it('splits decrypted parts into lines, whole, wherever the parts were cut', async () => {
    const text = '{"a":1}\n[1,2,3]\n["é","ü"]\n[]';
    const bytes = Buffer.from(text);
    for (const cuts of [[], [3], [7, 8], [1, 2, 3, 20], [bytes.length - 1]]) {
      const parts = [0, ...cuts].map((at, i, all) => bytes.subarray(at, all[i + 1] ?? bytes.length));
      expect((await splitLines(parts)).map((line) => line.toString('utf8'))).toEqual(text.split('\n'));
    }
  });

  it('stores a large station in lines (applicants and History by the thousand) and reopens it exactly', async () => {
    const doc = populated(2_345);
    const store = await openStationStore({ dataDir: dir.path, keys: keys(), initial: () => doc });
    await store.close();
    const lines = (await plaintext()).toString('utf8').split('\n');
    expect(lines).toHaveLength(1 + 3 + 3); // header, 3 lines of applicants, 3 History segments
    expect(JSON.parse(lines[0]!)).toMatchObject({ layout: 3, lists: { applicants: 2_345, devices: 0 }, audit: { segments: [1_000, 1_000, 345] } });

    const reopened = await openStationStore({ dataDir: dir.path, keys: keys(), initial: () => emptyDocument(RANGE) });
    expect(reopened.data.applicants).toEqual(doc.applicants);
    expect(reopened.data.audit.head).toEqual(doc.audit.head);
    expect(verifyAuditChain(reopened.data.audit.toArray(), { publicKey: doc.auditKey.publicKey, stationId: doc.stationId, ed25519: nodeEd25519 }).ok).toBe(true);
    await reopened.close();
  });

  it('reads a layout-2 snapshot (the History as one array) and rewrites it in layout 3', async () => {
    const doc = populated(12);
    const store = await openStationStore({ dataDir: dir.path, keys: keys(), initial: () => doc });
    await store.close();
    // As the previous version wrote it: the document without its History, a newline, the History.
    const { audit, ...core } = doc;
    const layout2 = Buffer.from(`${JSON.stringify({ generation: 0, savedAt: '2026-12-08T09:00:00.000Z', document: core })}\n${JSON.stringify(audit.toArray())}`);
    const bytes = await readFile(join(dir.path, STORE_FILE));
    const params = readHeader(bytes).header.key;
    await writeFile(join(dir.path, STORE_FILE), seal(await keys().keyFor(params), params, layout2));

    const reopened = await openStationStore({ dataDir: dir.path, keys: keys(), initial: () => emptyDocument(RANGE) });
    expect(reopened.data.applicants).toEqual(doc.applicants);
    expect(reopened.data.audit.toArray()).toEqual(audit.toArray());
    await reopened.close();
    expect(JSON.parse((await plaintext()).toString('utf8').split('\n')[0]!)).toMatchObject({ layout: 3, lists: { applicants: 12 } });
  });

  it('refuses a snapshot whose lines do not match its header, as damage', async () => {
    const store = await openStationStore({ dataDir: dir.path, keys: keys(), initial: () => populated(5) });
    await store.close();
    const [header, ...rest] = (await plaintext()).toString('utf8').split('\n');
    const bytes = await readFile(join(dir.path, STORE_FILE));
    const params = readHeader(bytes).header.key;
    await writeFile(join(dir.path, STORE_FILE), seal(await keys().keyFor(params), params, Buffer.from([header, ...rest.slice(0, -1)].join('\n'))));
    await expect(openStationStore({ dataDir: dir.path, keys: keys(), initial: () => emptyDocument(RANGE) })).rejects.toMatchObject({ code: 'STORE_UNREADABLE', message: expect.stringContaining('does not have the lines its header lists') });
  });
});
