import { generateKeyPairSync } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CONFIG_FILE } from '../src/main/config';
import type { Invitation } from '../src/shared/contract/mobile';
import { startCentralServer } from '../tests/support/central-server';
import { startPrivatePcscd } from '../tests/support/pcsc/private-pcscd';
import { pivCard } from '../tests/support/pcsc/virtual-cards';
import { VpcdCard } from '../tests/support/pcsc/vpcd-card';
import { StationClient } from '../tests/support/station-client';
import { FAST_SYNC } from '../tests/support/sync-harness';
import { scratchDir, startWebHost } from '../tests/support/web-host';

/**
 * Mobile pickup latencies over the real stack (web host → private pcscd → virtual PIV
 * card; central server on PGlite):
 * - invite: the clerk picks "Pick up your HID Mobile Credential" → the invitation (code +
 *   QR content) is on the station, i.e. what the QR modal waits for;
 * - redeem → ACTIVE: the phone's redemption is accepted by the server → the station's
 *   screen is told (`mobile:changed` ACTIVE over the WebSocket). The procedure allows 5–15 s.
 */
const SAMPLES = 25;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! * 10) / 10;
}

export async function benchMobile() {
  const dir = await scratchDir('bench-mobile-');
  const pcscd = await startPrivatePcscd();
  const server = await startCentralServer({ backend: 'pglite', dataDir: join(dir.path, 'server') });
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
  const invite: number[] = [];
  const activeSeen: number[] = [];
  try {
    await call('sync:register', { serverUrl: server.url, token: await server.createToken('Bench') });
    for (let i = 0; i < SAMPLES; i++) {
      const person = await call<{ employeeNumber: string }>('applicants:create', { firstName: `Mobile${i}`, lastName: 'Bench', credentialTypeId: 'mobile-pacs-employee', email: `mobile${i}@bench.example` });
      const card = new VpcdCard(pivCard({ serial: String(700000 + i), pin: '123456' }), { port: pcscd.vpcdPorts[0] });
      await card.insert();
      let device: { credentials: { id: string }[] } | undefined;
      for (let attempt = 0; !device && attempt < 50; attempt++) {
        device = await call<{ credentials: { id: string }[] }>('devices:enroll', { employeeNumber: person.employeeNumber, readerName: pcscd.readerNames[0], pin: '123456' }).catch(async () => {
          await new Promise((r) => setTimeout(r, 100));
          return undefined;
        });
      }
      await card.remove();
      if (!device) throw new Error('the virtual card could not be enrolled');

      const asked = performance.now();
      const invitation = await call<Invitation>('mobile:invite', { employeeNumber: person.employeeNumber, credentialId: device.credentials[0]!.id });
      invite.push(performance.now() - asked);

      const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      const seenBefore = client.events.length;
      const response = await fetch(new URL('/v1/wallet/redeem', server.url), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          code: invitation.code,
          publicKey: publicKey.export({ type: 'spki', format: 'der' }).toString('base64'),
          phone: { deviceId: String(1_400_000_000 + i), osVersion: 'iOS 16.7.11', secureElementType: 'EMULATED', manufacturer: 'Apple', model: 'iPhone X', applicationVersion: '4.9.1' },
        }),
      });
      const accepted = performance.now();
      if (!response.ok) throw new Error(`redeem: HTTP ${response.status} ${await response.text()}`);
      for (;;) {
        const seen = client.events.slice(seenBefore).some((e) => e.event === 'mobile:changed' && (e.payload as { credential: { status: string } }).credential.status === 'ACTIVE');
        if (seen) break;
        if (performance.now() - accepted > 30_000) throw new Error('ACTIVE never reached the station');
        await new Promise((r) => setImmediate(r));
      }
      activeSeen.push(performance.now() - accepted);
      await new Promise((r) => setTimeout(r, 300 + Math.random() * 200)); // let pcscd see the reader empty
    }
  } finally {
    client.close();
    await host.stop();
    await server.stop();
    await pcscd.stop();
    await dir.remove();
  }
  return {
    description: `Mobile pickup over the real stack, ${SAMPLES} people: invitation round trip (what the QR modal waits for) and redemption accepted → ACTIVE on the station (WebSocket event).`,
    results: {
      samples: SAMPLES,
      inviteMs: { p50: percentile(invite, 50), p95: percentile(invite, 95) },
      redeemToActiveOnStationMs: { p50: percentile(activeSeen, 50), p95: percentile(activeSeen, 95), max: percentile(activeSeen, 100) },
    },
  };
}
