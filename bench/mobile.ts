import { generateKeyPairSync } from 'node:crypto';
import type { Invitation } from '../src/shared/contract/mobile';
import { pivCard } from '../tests/support/pcsc/virtual-cards';
import { VpcdCard } from '../tests/support/pcsc/vpcd-card';
import { startStationStack } from '../tests/support/station-stack';

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
  const stack = await startStationStack({ prefix: 'bench-mobile-', stationName: 'Bench' });
  const { pcscd, server, client, call } = stack;
  const invite: number[] = [];
  const activeSeen: number[] = [];
  try {
    await stack.register();
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
    await stack.stop();
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
