import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_CLIENT, startOrigoSim } from '../src/origo-sim/origo-sim';
import type { Invitation } from '../src/shared/contract/mobile';
import { freePort } from '../tests/support/free-port';
import { origoMobileConfig } from '../tests/support/origo';
import { pivCard } from '../tests/support/pcsc/virtual-cards';
import { VpcdCard } from '../tests/support/pcsc/vpcd-card';
import { startStationStack, type StationStack } from '../tests/support/station-stack';

/**
 * Mobile pickup latencies over the real stack (web host → private pcscd → virtual PIV
 * card; central server on PGlite):
 * - invite: the clerk picks "Pick up your HID Mobile Credential" → the invitation (code +
 *   QR content) is on the station, i.e. what the QR modal waits for;
 * - redeem → ACTIVE: the phone's redemption is accepted → the station's screen is told
 *   (`mobile:changed` ACTIVE over the WebSocket). The procedure allows 5–15 s.
 * Once with the reference provider (the wallet redeems at the server), then through HID
 * Origo (the simulator, its callback to the server) with 0 and 200 ms added to every answer.
 */
const SAMPLES = 25;
const ORIGO_SAMPLES = 15;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! * 10) / 10;
}
const summary = (values: number[]) => ({ p50: percentile(values, 50), p95: percentile(values, 95), max: percentile(values, 100) });

/** `samples` pickups: a person, a card enrolled through the reader, an invitation, a redemption by `redeem`. */
async function pickups(stack: StationStack, samples: number, serial: number, redeem: (invitation: Invitation, i: number) => Promise<void>) {
  const { pcscd, client, call } = stack;
  const invite: number[] = [];
  const activeSeen: number[] = [];
  for (let i = 0; i < samples; i++) {
    const person = await call<{ employeeNumber: string }>('applicants:create', { firstName: `Mobile${i}`, lastName: 'Bench', credentialTypeId: 'mobile-pacs-employee', email: `mobile${i}@bench.example` });
    const card = new VpcdCard(pivCard({ serial: String(serial + i), pin: '123456' }), { port: pcscd.vpcdPorts[0] });
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
    const invitation = await call<Invitation>('mobile:invite', { employeeNumber: person.employeeNumber, credentialId: device.credentials[0]!.id }).catch(async (error: unknown) => {
      // Why the station could not push first is in its log: keep it with the failure.
      const log = await readFile(join(stack.dir.path, 'station', 'logs', 'station.log'), 'utf8').catch(() => '(no station log)');
      throw new Error(`${(error as Error).message}\n--- station log ---\n${log.slice(-4000)}\n--- server log ---\n${stack.server.logs().slice(-4000)}`);
    });
    invite.push(performance.now() - asked);

    const seenBefore = client.events.length;
    await redeem(invitation, i);
    const accepted = performance.now();
    for (;;) {
      const seen = client.events.slice(seenBefore).some((e) => e.event === 'mobile:changed' && (e.payload as { credential: { status: string } }).credential.status === 'ACTIVE');
      if (seen) break;
      if (performance.now() - accepted > 30_000) throw new Error('ACTIVE never reached the station');
      await new Promise((r) => setImmediate(r));
    }
    activeSeen.push(performance.now() - accepted);
    await new Promise((r) => setTimeout(r, 300 + Math.random() * 200)); // let pcscd see the reader empty
  }
  return { samples, inviteMs: summary(invite), redeemToActiveOnStationMs: summary(activeSeen) };
}

async function reference() {
  const stack = await startStationStack({ prefix: 'bench-mobile-', stationName: 'Bench' });
  try {
    await stack.register();
    return await pickups(stack, SAMPLES, 700000, async (invitation, i) => {
      const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      const response = await fetch(new URL('/v1/wallet/redeem', stack.server.url), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          code: invitation.code,
          publicKey: publicKey.export({ type: 'spki', format: 'der' }).toString('base64'),
          phone: { deviceId: String(1_400_000_000 + i), osVersion: 'iOS 16.7.11', secureElementType: 'EMULATED', manufacturer: 'Apple', model: 'iPhone X', applicationVersion: '4.9.1' },
        }),
      });
      if (!response.ok) throw new Error(`redeem: HTTP ${response.status} ${await response.text()}`);
    });
  } finally {
    await stack.stop();
  }
}

/** Through HID Origo: the simulator answers every call `latencyMs` late; the redemption reaches the server by callback. */
async function origo(latencyMs: number) {
  const sim = await startOrigoSim({ latencyMs });
  const secrets = await mkdtemp(join(tmpdir(), 'bench-origo-'));
  await writeFile(join(secrets, 'client.secret'), DEMO_CLIENT.clientSecret, { mode: 0o600 });
  const port = await freePort();
  const stack = await startStationStack({
    prefix: 'bench-mobile-origo-',
    stationName: 'Bench',
    serverPort: port,
    serverConfig: { mobile: origoMobileConfig({ simUrl: sim.url, clientSecretFile: join(secrets, 'client.secret'), callbackPort: port, applicationId: 'ENROLLMENT-STATION-BENCH' }) },
  });
  try {
    await stack.register();
    for (let waited = 0; sim.state().callbacks.length === 0; waited += 50) {
      if (waited > 30_000) throw new Error('the server never registered its callback');
      await new Promise((r) => setTimeout(r, 50));
    }
    return await pickups(stack, ORIGO_SAMPLES, 710000 + latencyMs * 100, async (invitation) => {
      await sim.redeem(invitation.code, 'iphone-x');
    });
  } finally {
    await stack.stop();
    await sim.close();
    await rm(secrets, { recursive: true, force: true });
  }
}

export async function benchMobile() {
  return {
    description: `Mobile pickup over the real stack: invitation round trip (what the QR modal waits for) and redemption accepted → ACTIVE on the station (WebSocket event). reference: ${SAMPLES} people, the wallet redeems at the server. hidOrigo: ${ORIGO_SAMPLES} people each, through the HID Origo simulator (its callback tells the server), with 0 and 200 ms added to every Origo answer.`,
    results: {
      reference: await reference(),
      hidOrigo: { latency0ms: await origo(0), latency200ms: await origo(200) },
    },
  };
}
