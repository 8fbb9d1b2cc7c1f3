import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CREDENTIAL_TYPES } from '../../src/shared/domain/credential-types';
import { launchChromium } from '../support/browser';
import type { PrivatePcscd } from '../support/pcsc/private-pcscd';
import { pivCard } from '../support/pcsc/virtual-cards';
import { VpcdCard } from '../support/pcsc/vpcd-card';
import { startStationStack, type StationStack } from '../support/station-stack';
import { until } from '../support/until';

/**
 * Phase 4 of the procedure over the whole system: Chromium → web host → central server,
 * a real card enrolled through pcscd, and the reference wallet reading the QR code from a
 * screenshot of the clerk's screen. Set SCREENSHOT_DIR to keep the screens.
 */
const ROOT = resolve(__dirname, '../..');
const run = promisify(execFile);
let stack: StationStack;
let pcscd: PrivatePcscd;
let dir: StationStack['dir'];
let server: StationStack['server'];
let browser: Browser;
let page: Page;
let call: StationStack['call'];

/** The wallet CLI as a phone: exit code and its JSON answer. */
async function wallet(...args: string[]): Promise<{ exit: number; json: Record<string, unknown> }> {
  try {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'src/wallet/cli.ts', ...args, '--json'], { cwd: ROOT });
    return { exit: 0, json: JSON.parse(stdout) as Record<string, unknown> };
  } catch (error) {
    const failed = error as { code: number; stdout: string };
    return { exit: failed.code, json: JSON.parse(failed.stdout) as Record<string, unknown> };
  }
}

async function shot(name: string, fullPage = false): Promise<string> {
  const file = join(process.env.SCREENSHOT_DIR ?? dir.path, `${name}.png`);
  await new Promise((r) => setTimeout(r, 400)); // let dialogs finish fading in
  await page.screenshot({ path: file, fullPage });
  return file;
}

/** A person with a PIV card enrolled (through the reader) and on the server. */
async function personWithCard(firstName: string, credentialTypeId: string, serial: string): Promise<string> {
  const person = await call('applicants:create', { firstName, lastName: 'Okafor', credentialTypeId, email: `${firstName.toLowerCase()}.okafor@example.org` });
  const card = new VpcdCard(pivCard({ serial, pin: '123456' }), { port: pcscd.vpcdPorts[0] });
  await card.insert();
  await until(() => call('devices:enroll', { employeeNumber: person.employeeNumber, readerName: pcscd.readerNames[0], pin: '123456' }).catch(() => undefined), 'the card to be enrolled');
  await card.remove();
  await until(async () => (await call('sync:status')).waiting === 0, 'the device to reach the server');
  return String(person.employeeNumber);
}

async function openPickup(employeeNumber: string, serial: string): Promise<void> {
  await page.evaluate((hash) => (location.hash = hash), `#/applicants/${employeeNumber}/credentials`);
  const row = page.getByRole('row', { name: new RegExp(serial) });
  await row.getByRole('button', { name: 'Action' }).click();
  await page.getByRole('menuitem', { name: 'Pick up your HID Mobile Credential' }).click();
  await page.getByRole('img', { name: 'QR code to scan with the Enrollment Station wallet app' }).waitFor();
}

const codeOnScreen = async () => (await page.getByRole('group', { name: 'Invitation code' }).textContent())?.replace(/\s/g, '') ?? '';

beforeAll(async () => {
  // A second mobile type whose invitations last one minute, to watch one expire.
  const quick = { ...DEFAULT_CREDENTIAL_TYPES[0]!, id: 'mobile-pacs-visitor', name: 'Mobile PACS – Visitor', policy: { ...DEFAULT_CREDENTIAL_TYPES[0]!.policy, invitationValidMinutes: 1 } };
  stack = await startStationStack({ prefix: 'e2e-mobile-', stationName: 'Badging Office 2', serverConfig: { credentialTypes: [...DEFAULT_CREDENTIAL_TYPES, quick], organization: 'Example Corp' } });
  ({ pcscd, dir, server, call } = stack);
  await stack.register();
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
  await page.goto(stack.host.url);
  await page.getByText('Enrollment Station').first().waitFor();
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

describe('Pick up your HID Mobile Credential', () => {
  let amaka = '';
  const home = () => join(dir.path, 'phone-amaka');

  it('shows the QR code full screen; the wallet scans a screenshot of it and the modal turns ACTIVE with the phone’s details', async () => {
    amaka = await personWithCard('Amaka', 'mobile-pacs-employee', '880101');
    await openPickup(amaka, '880101');
    const dialog = page.getByRole('dialog', { name: 'Pick up your HID Mobile Credential' });
    expect(await codeOnScreen()).toMatch(/^[2-9A-HJ-NP-Z]{4}(-[2-9A-HJ-NP-Z]{4}){3}$/);
    // The reference provider names itself; HID Origo's names are for HID Origo (origo-pickup.test.ts).
    for (const text of [`User ID ${amaka}`, 'amaka.okafor@example.org', 'Enrollment Station Mobile Identity', 'Example Corp central server', 'Waiting for the mobile app to scan the code…']) {
      expect(await dialog.getByText(text).first().isVisible(), text).toBe(true);
    }
    expect(await dialog.getByText(/Expires in \d+:\d\d/).first().isVisible()).toBe(true);
    const screenshot = await shot('pickup-qr');

    const scanned = await wallet('scan', screenshot, '--home', home(), '--profile', 'iphone-x');
    expect(scanned.exit).toBe(0);
    const phone = scanned.json.phone as { deviceId: string };
    await dialog.getByText('Mobile credential ACTIVE').first().waitFor();
    for (const text of [phone.deviceId, 'iOS 16.7.11', 'EMULATED', 'Apple', 'iPhone X', '4.9.1']) expect(await dialog.getByText(text, { exact: true }).first().isVisible(), text).toBe(true);
    await shot('pickup-active');
    await page.getByRole('button', { name: 'Done: credential is ACTIVE' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByRole('region', { name: 'Mobile credentials' }).getByRole('article', { name: 'Mobile credential ACTIVE' }).waitFor();
  });

  it('the phone is let in at the door (GRANTED) and the Verification Checklist is complete', async () => {
    const presented = await wallet('present', '--server', server.url, '--home', home());
    expect(presented).toMatchObject({ exit: 0, json: { decision: 'GRANTED' } });
    const checklist = page.getByRole('region', { name: 'Verification Checklist' });
    await checklist.getByText('10 of 10 done').waitFor({ timeout: 20_000 });
    await shot('verification-checklist', true);
  });

  it('Suspend with a reason: the door then says DENIED', async () => {
    const row = page.getByRole('row', { name: /880101/ });
    await row.getByRole('button', { name: 'Action' }).click();
    await page.getByRole('menuitem', { name: 'Suspend' }).click();
    const dialog = page.getByRole('dialog', { name: 'Suspend mobile credential' });
    await dialog.getByRole('textbox', { name: 'Reason' }).fill('Phone reported lost');
    await dialog.getByRole('button', { name: 'Suspend' }).click();
    await page.getByText('Mobile credential SUSPENDED').first().waitFor();
    const presented = await wallet('present', '--server', server.url, '--home', home());
    expect(presented).toMatchObject({ exit: 1, json: { decision: 'DENIED', reason: 'suspended' } });
  });

  it('an expired code is replaced with Generate new code; the old code is refused and the new one works', { timeout: 150_000 }, async () => {
    const kofi = await personWithCard('Kofi', 'mobile-pacs-visitor', '880102');
    await openPickup(kofi, '880102');
    const oldCode = await codeOnScreen();
    await page.getByText('Invitation code expired').first().waitFor({ timeout: 90_000 });
    expect(await page.getByRole('img', { name: 'QR code to scan with the Enrollment Station wallet app' }).count()).toBe(0);
    await shot('pickup-expired');
    await page.getByRole('button', { name: 'Generate new code' }).click();
    await page.getByRole('img', { name: 'QR code to scan with the Enrollment Station wallet app' }).waitFor();
    const newCode = await codeOnScreen();
    expect(newCode).not.toBe(oldCode);
    const refused = await wallet('redeem', oldCode, '--server', server.url, '--home', join(dir.path, 'phone-kofi'));
    expect(refused.exit).toBe(1);
    expect(['INVITATION_EXPIRED', 'INVITATION_REVOKED']).toContain(refused.json.code);
    const redeemed = await wallet('redeem', newCode, '--server', server.url, '--home', join(dir.path, 'phone-kofi'), '--profile', 'pixel-8');
    expect(redeemed.exit).toBe(0);
    await page.getByText('Mobile credential ACTIVE').first().waitFor();
  });
});
