import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CLIENT, startOrigoSim, type OrigoSim } from '../../src/origo-sim/origo-sim';
import { decodeQrFromPng } from '../../src/wallet/qr';
import { launchChromium } from '../support/browser';
import { freePort } from '../support/free-port';
import { origoMobileConfig } from '../support/origo';
import { pivCard } from '../support/pcsc/virtual-cards';
import { VpcdCard } from '../support/pcsc/vpcd-card';
import { startStationStack, type StationStack } from '../support/station-stack';
import { until } from '../support/until';

/**
 * Phase 4 with the central server on HID Origo (the simulator): Chromium → web host →
 * central server → Origo. The QR code on the clerk's screen is read from a screenshot and
 * redeemed by the simulated HID Mobile Access phone (`npm run origo-sim -- redeem`); Origo's
 * callback makes the screen ACTIVE; Suspend on the screen suspends it at Origo.
 * Set SCREENSHOT_DIR to keep the screens.
 */
const ROOT = resolve(__dirname, '../..');
const run = promisify(execFile);
let sim: OrigoSim;
let stack: StationStack;
let browser: Browser;
let page: Page;
let secrets: string;

async function shot(name: string): Promise<string> {
  const file = join(process.env.SCREENSHOT_DIR ?? stack.dir.path, `${name}.png`);
  await new Promise((r) => setTimeout(r, 400)); // let dialogs finish fading in
  await page.screenshot({ path: file });
  return file;
}

beforeAll(async () => {
  sim = await startOrigoSim();
  secrets = await mkdtemp(join(tmpdir(), 'e2e-origo-secret-'));
  await writeFile(join(secrets, 'client.secret'), DEMO_CLIENT.clientSecret, { mode: 0o600 });
  const port = await freePort();
  stack = await startStationStack({
    prefix: 'e2e-origo-',
    stationName: 'Badging Office 3',
    serverPort: port,
    serverConfig: {
      organization: 'Example Corp',
      mobile: origoMobileConfig({ simUrl: sim.url, clientSecretFile: join(secrets, 'client.secret'), callbackPort: port, applicationId: 'ENROLLMENT-STATION-E2E' }),
    },
  });
  await stack.register();
  await until(() => sim.state().callbacks.length === 1, 'the server to register its callback at HID Origo', 30_000);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
  await page.goto(stack.host.url);
  await page.getByText('Enrollment Station').first().waitFor();
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  await sim?.close();
  if (secrets) await rm(secrets, { recursive: true, force: true });
});

describe('Pick up your HID Mobile Credential through HID Origo', () => {
  it('the QR code goes to HID Mobile Access; the phone redeems at Origo and the screen turns ACTIVE with its details; Suspend reaches Origo', async () => {
    const { call, pcscd } = stack;
    const person = await call<{ employeeNumber: string }>('applicants:create', { firstName: 'Nia', lastName: 'Mensah', credentialTypeId: 'mobile-pacs-employee', email: 'nia.mensah@example.org' });
    const card = new VpcdCard(pivCard({ serial: '880301', pin: '123456' }), { port: pcscd.vpcdPorts[0] });
    await card.insert();
    await until(() => call('devices:enroll', { employeeNumber: person.employeeNumber, readerName: pcscd.readerNames[0], pin: '123456' }).catch(() => undefined), 'the card to be enrolled');
    await card.remove();
    await until(async () => (await call<{ waiting: number }>('sync:status')).waiting === 0, 'the device to reach the server');

    await page.evaluate((hash) => (location.hash = hash), `#/applicants/${person.employeeNumber}/credentials`);
    const row = page.getByRole('row', { name: /880301/ });
    await row.getByRole('button', { name: 'Action' }).click();
    await page.getByRole('menuitem', { name: 'Pick up your HID Mobile Credential' }).click();
    const dialog = page.getByRole('dialog', { name: 'Pick up your HID Mobile Credential' });
    await dialog.getByRole('img', { name: 'QR code to scan with the HID Mobile Access app' }).waitFor();
    for (const text of ['HID Origo Mobile Identity', 'HID Origo Management Portal', 'HID Origo Mobile Identity CA', 'Scan with the HID Mobile Access app', `User ID ${person.employeeNumber}`]) {
      expect(await dialog.getByText(text).first().isVisible(), text).toBe(true);
    }
    // One opening, one code: the Origo user is the person, by Employee Number, with one invitation.
    expect(sim.requests().filter((r) => r.method === 'POST' && r.path.endsWith('/invitation'))).toHaveLength(1);
    expect(sim.state().users.find((u) => u.externalId === person.employeeNumber)).toMatchObject({ name: { givenName: 'Nia', familyName: 'Mensah' } });

    const code = await decodeQrFromPng(await shot('origo-pickup-qr'));
    const onScreen = (await dialog.getByRole('group', { name: 'Invitation code' }).textContent())?.replace(/\s/g, '');
    expect(code).toBe(onScreen);
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'src/origo-sim/cli.ts', 'redeem', code!, '--url', sim.url, '--profile', 'galaxy-s23'], { cwd: ROOT });
    expect(stdout).toContain('ACTIVE');

    await dialog.getByText('Mobile credential ACTIVE').first().waitFor({ timeout: 30_000 });
    for (const text of ['Samsung', 'Galaxy S23']) expect(await dialog.getByText(text, { exact: true }).first().isVisible(), text).toBe(true);
    await shot('origo-pickup-active');
    await page.getByRole('button', { name: 'Done: credential is ACTIVE' }).click();
    await dialog.waitFor({ state: 'hidden' });

    await row.getByRole('button', { name: 'Action' }).click();
    await page.getByRole('menuitem', { name: 'Suspend' }).click();
    const suspend = page.getByRole('dialog', { name: 'Suspend mobile credential' });
    await suspend.getByRole('textbox', { name: 'Reason' }).fill('Phone reported lost');
    await suspend.getByRole('button', { name: 'Suspend' }).click();
    await page.getByText('Mobile credential SUSPENDED').first().waitFor();
    const user = sim.state().users.find((u) => u.externalId === person.employeeNumber)!;
    expect(sim.state().credentials.filter((c) => c.userId === user.id).map((c) => c.status)).toEqual(['SUSPENDED']);
  });
});
