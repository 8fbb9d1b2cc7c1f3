import { execFile } from 'node:child_process';
import { stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { PNG } from 'pngjs';
import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import type { InvitationResponse } from '../../src/shared/contract/mobile-protocol';
import type { ServerErrorBody } from '../../src/shared/contract/server-protocol';
import type { MobileCredential } from '../../src/shared/domain/mobile-credential';
import { request } from '../support/central-server';
import { createApplicant, enrollDevice, feedAfter, feedEnd, newStation, useCentralServer, type TestStation } from './server/fixture';

/**
 * The reference wallet (`src/wallet/cli.ts`) as a child process, the way a person's phone
 * meets the REAL central server (PGlite): redeem a typed code or a QR code read from a
 * screenshot → ACTIVE; present at a door → GRANTED; the same code again, a wrong code, a
 * replaced code, a suspended credential, a guessing phone → each its own answer.
 */
const ROOT = resolve(__dirname, '../..');
const run = promisify(execFile);

interface WalletRun {
  exit: number;
  json: Record<string, unknown>;
  stderr: string;
}

/** `wallet <args> --json`: its exit code and the one JSON object it printed. */
async function wallet(...args: string[]): Promise<WalletRun> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'src/wallet/cli.ts', ...args, '--json'], { cwd: ROOT });
    return { exit: 0, json: JSON.parse(stdout) as Record<string, unknown>, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    if (typeof failed.code !== 'number') throw error;
    return { exit: failed.code, json: JSON.parse(failed.stdout) as Record<string, unknown>, stderr: failed.stderr };
  }
}

/** The same, with the human lines instead of JSON. */
async function walletSays(...args: string[]): Promise<{ exit: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'src/wallet/cli.ts', ...args], { cwd: ROOT });
    return { exit: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { exit: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

type Body = InvitationResponse & ServerErrorBody;

describe('[PGlite] the reference wallet against the central server', () => {
  const fx = useCentralServer('pglite', {
    config: {
      organization: 'Northwind Health',
      credentialTypes: [
        { id: 'mobile-pacs-employee', name: 'Mobile PACS – Employee', policy: { mobileCapable: true, requiredFields: ['email'], pinRequiredForDeviceEnrollment: true, supervisorApprovalRequired: false, acceptedCardTypes: ['piv'] } },
      ],
      // A small per-phone limit so the guessing test is quick; the other tests' few wrong codes stay far below the per-source one.
      redeemThrottle: { perDevice: 3, perSource: 100, windowMinutes: 15 },
    },
  });
  const home = (name: string) => join(fx.dir, 'phones', name);

  /** A person (Amaka Okafor-Nwosu) with a card whose credential is mobile-capable and ISSUED, on the server. */
  async function personWithCredential(station: TestStation): Promise<{ credentialId: string; employeeNumber: string }> {
    const person = createApplicant(station.stationId, { firstName: 'Amaka', lastName: 'Okafor-Nwosu', credentialTypeId: 'mobile-pacs-employee' });
    const employeeNumber = person.kind === 'applicant.create' ? person.applicant.employeeNumber : '';
    const device = enrollDevice(station.stationId, employeeNumber, ['mobile-pacs-employee']);
    const pushed = await station.api.push([station.entry(person), station.entry(device)]);
    expect(pushed.status).toBe(200);
    return { credentialId: device.kind === 'device.enroll' ? device.device.credentials[0]!.id : '', employeeNumber };
  }

  async function invite(station: TestStation, credentialId: string): Promise<InvitationResponse> {
    const { status, body } = await request<Body>(fx.server.url, 'POST', '/v1/invitations', { body: { credentialId, requestedBy: 'Clerk Ada' }, authorization: station.authorization });
    expect(status, JSON.stringify(body)).toBe(200);
    return body;
  }

  /** The station's latest view of a mobile credential, from the feed. */
  async function published(station: TestStation, credentialId: string): Promise<MobileCredential | undefined> {
    const changes = await feedAfter(station, 0);
    return changes.flatMap((e) => (e.change.kind === 'mobile-credential.upserted' && e.change.credential.credentialId === credentialId ? [e.change.credential] : [])).at(-1);
  }

  it('redeems a typed code (ACTIVE with the phone’s details on the server), is GRANTED at the door, and the code works only once', async () => {
    const station = await newStation(fx.server);
    const { credentialId, employeeNumber } = await personWithCredential(station);
    const invitation = await invite(station, credentialId);
    const cursor = await feedEnd(station);

    // Typed the way a person types it: lower case, spaces instead of hyphens.
    const typed = invitation.code.toLowerCase().replaceAll('-', ' ');
    const redeemed = await wallet('redeem', typed, '--server', fx.server.url, '--home', home('amaka'));
    expect(redeemed.exit, JSON.stringify(redeemed)).toBe(0);
    expect(redeemed.json).toMatchObject({
      ok: true,
      profile: 'iphone-x',
      credential: { credentialId, status: 'ACTIVE', holderName: 'Amaka Okafor-Nwosu', employeeNumber, credentialTypeName: 'Mobile PACS – Employee', organization: 'Northwind Health', serverUrl: fx.server.url },
      phone: { manufacturer: 'Apple', model: 'iPhone X', osVersion: 'iOS 16.7.11', secureElementType: 'EMULATED', applicationVersion: '4.9.1' },
    });
    const phone = redeemed.json.phone as { deviceId: string };
    expect(phone.deviceId).toMatch(/^[1-9]\d{9}$/);

    // The station learns it from the feed: ACTIVE with exactly the details the phone sent.
    const changes = await feedAfter(station, cursor);
    const activated = changes.flatMap((e) => (e.change.kind === 'mobile-credential.upserted' ? [e.change.credential] : [])).at(-1);
    expect(activated).toMatchObject({ credentialId, status: 'ACTIVE', phone: redeemed.json.phone, invitation: { state: 'redeemed' } });

    // The wallet's home: wallet.json and a private key only its owner can read.
    expect((await stat(join(home('amaka'), 'wallet-key.pem'))).mode & 0o777).toBe(0o600);
    expect((await stat(join(home('amaka'), 'wallet.json'))).mode & 0o777).toBe(0o600);
    const shown = await walletSays('show', '--home', home('amaka'));
    expect(shown.stdout).toContain(`Credential ACTIVE — Amaka Okafor-Nwosu, Employee Number ${employeeNumber}, Mobile PACS – Employee, Northwind Health`);
    expect(shown.stdout).toContain(`Device ID            ${phone.deviceId}`);

    // At the door: a challenge signed with the wallet's key.
    const presented = await wallet('present', '--server', fx.server.url, '--home', home('amaka'));
    expect(presented).toMatchObject({ exit: 0, json: { ok: true, decision: 'GRANTED', reason: 'granted', door: 'main-entrance', credentialId } });
    expect((await published(station, credentialId))?.lastAccessGrantedAt).toBeDefined();
    // Without --server the wallet asks the server that issued its credential; another door works too.
    const human = await walletSays('present', '--home', home('amaka'), '--door', 'lobby-2');
    expect(human).toMatchObject({ exit: 0, stdout: 'GRANTED at lobby-2\n' });

    // The same code from another phone: used. Nothing changes for Amaka.
    const again = await wallet('redeem', invitation.code, '--server', fx.server.url, '--home', home('someone-else'), '--profile', 'pixel-8');
    expect(again).toMatchObject({ exit: 1, json: { ok: false, code: 'INVITATION_USED' } });
    expect(again.json.message).toMatch(/already used/);
    expect((await wallet('show', '--home', home('someone-else'))).json).toMatchObject({ profile: 'pixel-8', credential: null });
    expect((await wallet('present', '--home', home('amaka'))).exit).toBe(0);
  });

  it('answers a wrong code with INVITATION_UNKNOWN, and a malformed one without asking the server', async () => {
    const wrong = await wallet('redeem', 'ZZZZ-ZZZZ-ZZZZ-ZZZZ', '--server', fx.server.url, '--home', home('wrong'));
    expect(wrong).toMatchObject({ exit: 1, json: { ok: false, code: 'INVITATION_UNKNOWN' } });
    const human = await walletSays('redeem', 'ZZZZ-ZZZZ-ZZZZ-ZZZY', '--server', fx.server.url, '--home', home('wrong'));
    expect(human.exit).toBe(1);
    expect(human.stderr).toContain('Invitation code not recognised: check it against the clerk’s screen and type it again. (INVITATION_UNKNOWN)');
    const malformed = await wallet('redeem', 'ADS7-H65H', '--server', fx.server.url, '--home', home('wrong'));
    expect(malformed).toMatchObject({ exit: 1, json: { ok: false, code: 'BAD_REQUEST' } });
  });

  it('scans the QR code in a screenshot-sized picture: the server address comes from the QR code', async () => {
    const station = await newStation(fx.server);
    const { credentialId } = await personWithCredential(station);
    const invitation = await invite(station, credentialId);
    // The clerk's screen: a 1366×900 grey page with the QR code in a white modal.
    const qr = PNG.sync.read(await QRCode.toBuffer(invitation.pickupUri, { errorCorrectionLevel: 'M', margin: 4, scale: 8 }));
    const screen = new PNG({ width: 1366, height: 900 });
    screen.data.fill(0x99);
    const modal = new PNG({ width: 900, height: 760 });
    modal.data.fill(0xff);
    PNG.bitblt(modal, screen, 0, 0, modal.width, modal.height, 233, 70);
    PNG.bitblt(qr, screen, 0, 0, qr.width, qr.height, 300, 140);
    const picture = join(fx.dir, 'pickup-screen.png');
    await writeFile(picture, PNG.sync.write(screen));

    const scanned = await wallet('scan', picture, '--home', home('kofi'), '--profile', 'pixel-8');
    expect(scanned.exit, JSON.stringify(scanned)).toBe(0);
    expect(scanned.json).toMatchObject({
      ok: true,
      credential: { credentialId, status: 'ACTIVE', serverUrl: fx.server.url },
      phone: { manufacturer: 'Google', model: 'Pixel 8', osVersion: 'Android 14' },
      scanned: { serverUrl: fx.server.url },
    });
    expect(await published(station, credentialId)).toMatchObject({ status: 'ACTIVE', phone: scanned.json.phone });
    expect((await wallet('present', '--home', home('kofi'))).json).toMatchObject({ decision: 'GRANTED' });
  });

  it('a replaced code is INVITATION_REVOKED; a suspended credential is DENIED at the door (exit 1) and the card says SUSPENDED', async () => {
    const station = await newStation(fx.server);
    const { credentialId } = await personWithCredential(station);
    const first = await invite(station, credentialId);
    const second = await invite(station, credentialId);
    const replaced = await wallet('redeem', first.code, '--server', fx.server.url, '--home', home('chidi'));
    expect(replaced).toMatchObject({ exit: 1, json: { ok: false, code: 'INVITATION_REVOKED' } });
    expect((await wallet('redeem', second.code, '--server', fx.server.url, '--home', home('chidi'))).exit).toBe(0);
    expect((await wallet('present', '--home', home('chidi'))).exit).toBe(0);

    const suspended = await request(fx.server.url, 'POST', `/v1/credentials/${credentialId}/status`, {
      body: { action: 'suspend', reason: 'Phone reported lost', changedBy: 'Supervisor Sam' },
      authorization: station.authorization,
    });
    expect(suspended.status).toBe(200);
    const denied = await wallet('present', '--server', fx.server.url, '--home', home('chidi'));
    expect(denied).toMatchObject({ exit: 1, json: { ok: false, code: 'DENIED', decision: 'DENIED', reason: 'suspended' } });
    const human = await walletSays('present', '--home', home('chidi'));
    expect(human.exit).toBe(1);
    expect(human.stdout).toMatch(/^DENIED at main-entrance: the credential is suspended \(suspended\)/);
    expect((await wallet('show', '--home', home('chidi'))).json).toMatchObject({ credential: { status: 'SUSPENDED' } });
  });

  it('a phone that keeps guessing is THROTTLED with how long to wait, and the real person still redeems', async () => {
    const station = await newStation(fx.server);
    const { credentialId } = await personWithCredential(station);
    const invitation = await invite(station, credentialId);
    for (const guess of ['QQQQ-QQQQ-QQQQ-QQQ2', 'QQQQ-QQQQ-QQQQ-QQQ3', 'QQQQ-QQQQ-QQQQ-QQQ4']) {
      expect((await wallet('redeem', guess, '--server', fx.server.url, '--home', home('guesser'))).json.code).toBe('INVITATION_UNKNOWN');
    }
    const throttled = await wallet('redeem', invitation.code, '--server', fx.server.url, '--home', home('guesser'));
    expect(throttled).toMatchObject({ exit: 1, json: { ok: false, code: 'THROTTLED' } });
    expect(throttled.json.message).toBe('Too many wrong codes from this phone or network: wait 15 minutes, then type the code on the clerk’s screen carefully.');
    expect((await wallet('redeem', invitation.code, '--server', fx.server.url, '--home', home('real-person'))).json).toMatchObject({ ok: true, credential: { status: 'ACTIVE' } });
  });
});
