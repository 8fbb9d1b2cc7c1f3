import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAuditTrail } from '../audit/audit-trail';
import { scratchDir } from '../../../tests/support/web-host';
import { DEFAULT_CREDENTIAL_TYPES } from '../../shared/domain/credential-types';
import { StationEvents } from '../events';
import { emptyDocument } from '../store/document';
import { keyFileProvider } from '../store/key-providers';
import { openStationStore, type StationStore } from '../store/station-store';
import { ServerClient } from '../sync/server-client';
import { createMobileService } from './mobile-service';
import type { MobileCredential } from '../../shared/domain/mobile-credential';
import { until } from '../../../tests/support/until';

let dir: { path: string; remove(): Promise<void> };
let store: StationStore;
beforeEach(async () => {
  dir = await scratchDir('mobile-');
  store = await openStationStore({ dataDir: dir.path, keys: keyFileProvider(join(dir.path, 'key'), { create: true }), initial: () => emptyDocument({ first: 10_000_000, last: 19_999_999 }) });
});
afterEach(async () => {
  await store.close();
  await dir.remove();
});

/** A port nothing listens on: the central server is down. */
async function deadServerUrl(): Promise<string> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return `http://127.0.0.1:${port}`;
}

async function personWithCard(credentialTypeId: string, status: 'ISSUED' | 'PENDING' = 'ISSUED') {
  const at = new Date().toISOString();
  await store.commit((doc) => [
    { kind: 'applicant.added', applicant: { employeeNumber: '20000001', firstName: 'Amaka', lastName: 'Okafor', credentialTypeId, email: 'amaka@example.org', createdAt: at, createdBy: 'clerk', stationId: doc.stationId } },
    {
      kind: 'device.enrolled',
      device: { id: 'dev-1', employeeNumber: '20000001', serialNumber: '880101', cardType: 'piv', cardFamily: 'PIV', atr: '3B', readerName: 'r', status: 'Added', enrolledAt: at, enrolledBy: 'clerk', stationId: doc.stationId, credentials: [{ id: 'cred-1', credentialTypeId, status, issuedAt: at }] },
    },
  ]);
}

const loggedInStore = async (action: string, recordId: string) => store.data.audit.toArray().some((e) => e.action === action && e.recordId === recordId);

function service(serverUrl: string | undefined, logged = loggedInStore) {
  return createMobileService({
    store,
    events: new StationEvents(),
    operator: () => 'Clerk Ada',
    actor: () => ({ name: 'Clerk Ada' }),
    audit: createAuditTrail({ station: { id: store.data.stationId, name: 'Front Desk' }, actor: () => ({ name: 'Clerk Ada' }) }),
    logged,
    station: { id: store.data.stationId, name: 'Front Desk' },
    now: () => new Date(),
    credentialTypes: () => DEFAULT_CREDENTIAL_TYPES,
    sync: {
      serverClient: () => (serverUrl ? new ServerClient(serverUrl, { stationId: store.data.stationId, secret: 's'.repeat(43) }) : undefined),
      syncNow: async () => ({ waiting: store.data.outbox.length }),
    },
  });
}

describe('Pick up your HID Mobile Credential, on the station', () => {
  it('says "Failed to provision credential" with what to check when the server does not answer, and creates nothing', async () => {
    await personWithCard('mobile-pacs-employee');
    const failure = service(await deadServerUrl()).invite({ employeeNumber: '20000001', credentialId: 'cred-1' });
    await expect(failure).rejects.toMatchObject({ code: 'PROVISIONING_FAILED', message: expect.stringContaining('Verify internet connection and retry') });
    expect(store.data.mobileCredentials).toEqual([]);
  });

  it('refuses a station not connected to a server, a card-only credential type and a Pending credential before calling anyone', async () => {
    await personWithCard('mobile-pacs-employee');
    await expect(service(undefined).invite({ employeeNumber: '20000001', credentialId: 'cred-1' })).rejects.toMatchObject({ code: 'PROVISIONING_FAILED', message: expect.stringContaining('Station › Sync') });
    await expect(service(await deadServerUrl()).invite({ employeeNumber: '20000001', credentialId: 'nope' })).rejects.toMatchObject({ code: 'CREDENTIAL_NOT_FOUND' });
  });

  it.each([
    ['piv-card-employee', 'ISSUED', 'INVALID_CREDENTIAL_TYPE'],
    ['mobile-pacs-contractor', 'PENDING', 'CREDENTIAL_PENDING'],
  ] as const)('%s (%s) → %s', async (type, status, code) => {
    await personWithCard(type, status);
    await expect(service(await deadServerUrl()).invite({ employeeNumber: '20000001', credentialId: 'cred-1' })).rejects.toMatchObject({ code });
  });
});

describe('a redemption seen in the feed', () => {
  it('goes into the History once, however often the feed brings it, also while the trail is still being asked', async () => {
    await personWithCard('mobile-pacs-employee');
    let answered = 0;
    service(undefined, async (action, recordId) => {
      await new Promise((resolve) => setImmediate(resolve)); // the audit worker answers on a later turn
      const found = await loggedInStore(action, recordId);
      answered += 1;
      return found;
    });
    const at = new Date().toISOString();
    const credential: MobileCredential = {
      credentialId: 'cred-1',
      deviceId: 'dev-1',
      employeeNumber: '20000001',
      credentialTypeId: 'mobile-pacs-employee',
      status: 'ACTIVE',
      statusChangedAt: at,
      invitation: { id: '0b7f3c2e-8a44-4f0e-9a5e-3f1d2c4b5a69', createdAt: at, expiresAt: at, state: 'redeemed' },
      phone: { deviceId: 'phone-1', osVersion: '17', secureElementType: 'eSE', manufacturer: 'Apple', model: 'iPhone 15', applicationVersion: '1.0' },
    };
    const seen = () => store.commit(() => [{ kind: 'mobile-credential.upserted', credential }]);
    const redemptions = () => store.data.audit.toArray().filter((e) => e.action === 'invitation.redeemed');
    await seen();
    await seen();
    await until(() => redemptions().length === 1, 'the redemption in the History');
    await seen();
    await until(() => answered >= 2, 'the trail asked again');
    await store.commit(() => []); // anything the answer started is committed before this
    expect(redemptions().map((e) => [e.recordId, e.operator])).toEqual([[credential.invitation!.id, 'Mobile app (HID Origo)']]);
  });
});
