import { sign } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestCa, type OperatorIdentity } from '../../../tests/support/operator-pki';
import type { SessionState } from '../../shared/contract/operators';
import type { OperatorRegistry } from '../../shared/domain/operator';
import { createAuditTrail } from '../audit/audit-trail';
import { StationEvents } from '../events';
import { PcscReaders } from '../reader/pcsc-readers';
import { emptyDocument } from '../store/document';
import { keyFileProvider } from '../store/key-providers';
import { openStationStore, type StationStore } from '../store/station-store';
import { createSessionService, type OperatorCardAccess } from './session-service';
import { FakePcsc } from '../../../tests/support/pcsc/fake-pcsc';

/**
 * The session's own rules on a real encrypted store, with the card played in software
 * (tests/integration/operators.test.ts signs in with virtual cards through pcscd): idle
 * lock, and an operator revoked or re-roled by a registry update while signed in.
 */
let dir: string;
let store: StationStore;
let clock: number;
let alice: OperatorIdentity;
let registry: OperatorRegistry;
const READER = 'Virtual PCD 00 00';

/** A card that signs the challenge's SHA-256 with the operator's key, as the PIV card does. */
const softCard = (who: OperatorIdentity): OperatorCardAccess => ({
  read: async () => ({ certificateDer: who.certificateDer }),
  sign: async (_reader, _pin, challenge) => ({ certificateDer: who.certificateDer, signature: sign('sha256', challenge, who.privateKey) }),
});

async function setRegistry(next: OperatorRegistry): Promise<void> {
  registry = next;
  await store.commit(() => [
    { kind: 'operator-registry.set', registry: next },
    { kind: 'sync.updated', patch: { registryCheckedAt: new Date(clock).toISOString() } },
  ]);
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'session-'));
  store = await openStationStore({ dataDir: dir, keys: keyFileProvider(join(dir, 'station.key'), { create: true }), initial: () => emptyDocument({ first: 10_000_000, last: 10_999_999 }) });
  clock = Date.now();
  const ca = await createTestCa();
  alice = await ca.issue({ name: 'Alice Clerk' });
  await setRegistry({
    caCertificates: [ca.certificatePem],
    operators: [{ fingerprint: alice.fingerprint, name: 'Alice Clerk', roles: ['clerk'], disabled: false }],
    revokedCertificates: [],
    updatedAt: new Date(clock).toISOString(),
  });
});
afterEach(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

function session(options: { idleLockMinutes?: number } = {}) {
  const events = new StationEvents();
  const seen: SessionState[] = [];
  events.on('session:changed', (s) => seen.push(s));
  const service = createSessionService({
    store,
    readers: new PcscReaders(new FakePcsc()),
    events,
    audit: createAuditTrail({ station: { id: store.data.stationId, name: 'Front Desk' }, actor: () => ({ name: 'x' }) }),
    localAccount: 'Local account',
    idleLockMinutes: options.idleLockMinutes ?? 10,
    now: () => new Date(clock),
    idleCheckMs: 10,
    card: softCard(alice),
  });
  return { service, seen };
}

const settle = () => new Promise((r) => setTimeout(r, 60));

describe('the operator session', () => {
  it('locks after the idle time without activity; activity keeps it open', async () => {
    const { service, seen } = session({ idleLockMinutes: 2 });
    await service.signIn({ readerName: READER, pin: '123456' });
    clock += 90_000;
    service.touch();
    clock += 90_000; // 3 minutes since sign-in, 1.5 since the last activity
    await settle();
    expect(service.state().mode).toBe('signed-in');
    clock += 31_000;
    await settle();
    expect(service.state()).toMatchObject({ mode: 'locked', lockedBecause: 'idle', operator: null });
    expect(seen.at(-1)).toMatchObject({ mode: 'locked', lockedBecause: 'idle' });
    expect(store.data.audit.head).toMatchObject({ action: 'operator.signed-out', summary: 'Alice Clerk signed out: no activity for 2 minutes' });
    service.close();
  });

  it('ends the session at once when a registry update revokes the certificate, and follows role changes', async () => {
    const { service } = session();
    await service.signIn({ readerName: READER, pin: '123456' });
    await setRegistry({ ...registry, operators: [{ ...registry.operators[0]!, roles: ['clerk', 'supervisor'] }] });
    expect(service.state()).toMatchObject({ mode: 'signed-in', operator: { roles: ['clerk', 'supervisor'] } });
    expect(service.state().allowed).toContain('credential.decide');

    await setRegistry({ ...registry, revokedCertificates: [{ fingerprint: alice.fingerprint, revokedAt: new Date(clock).toISOString(), reason: 'Card lost' }] });
    expect(service.state()).toMatchObject({ mode: 'locked', operator: null });
    await expect(service.signIn({ readerName: READER, pin: '123456' })).rejects.toMatchObject({ code: 'CERT_REVOKED' });
    service.close();
  });

  it('acts as the local account, with every action allowed, while no CA is configured', async () => {
    await setRegistry({ ...registry, caCertificates: [] });
    const { service } = session();
    expect(service.state()).toMatchObject({ mode: 'setup', operator: null });
    expect(service.actor()).toEqual({ name: 'Local account' });
    expect(() => service.require('credential.decide')).not.toThrow();
    service.close();
  });
});
