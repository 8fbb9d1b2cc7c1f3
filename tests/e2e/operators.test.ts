import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser';
import type { OperatorIdentity } from '../support/operator-pki';
import { createOperators, OPERATOR_PIN, operatorCard, registerOperators, type TestOperators } from '../support/operators';
import type { PrivatePcscd } from '../support/pcsc/private-pcscd';
import { pivCard } from '../support/pcsc/virtual-cards';
import { VpcdCard } from '../support/pcsc/vpcd-card';
import { startStationStack, type StationStack } from '../support/station-stack';
import { until } from '../support/until';

/**
 * Issue 7 as the clerk and the supervisor live it, in Chromium against the web host, a
 * real central server and virtual operator cards in a private pcscd: the clerk signs in
 * with her card, enrolls a contractor (a type that needs approval) → Pending, pickup
 * refused; she takes her card out and the kiosk locks; the supervisor signs in with his
 * card and approves; the clerk signs in again and the pickup screen opens.
 * Set SCREENSHOT_DIR to keep the screens.
 */
const ROOT = resolve(__dirname, '../..');
const run = promisify(execFile);
let stack: StationStack;
let pcscd: PrivatePcscd;
let browser: Browser;
let page: Page;
let ops: TestOperators;
let call: StationStack['call'];
let operatorCardIn: VpcdCard | undefined;

async function shot(name: string): Promise<void> {
  if (!process.env.SCREENSHOT_DIR) return;
  await new Promise((r) => setTimeout(r, 400));
  await page.screenshot({ path: join(process.env.SCREENSHOT_DIR, `${name}.png`) });
}

const lockHeading = () => page.getByRole('heading', { level: 1, name: 'Sign in with your digital certificate' });

async function readerHolds(slot: number, present: boolean): Promise<void> {
  await until(async () => {
    const status = (await call('readers:status')) as { readers: { name: string; cardPresent: boolean }[] };
    return status.readers.some((r) => r.name === pcscd.readerNames[slot] && r.cardPresent === present);
  }, `reader ${slot} to ${present ? 'hold' : 'lose'} a card`);
}

/** The operator puts their card in the first reader and types their PIN on the lock screen. */
async function signIn(who: OperatorIdentity): Promise<void> {
  await lockHeading().waitFor();
  operatorCardIn = new VpcdCard(operatorCard(who), { port: pcscd.vpcdPorts[0] });
  await operatorCardIn.insert();
  await page.getByRole('radio', { name: `${pcscd.readerNames[0]} · card inserted` }).waitFor();
  await page.getByRole('radio', { name: `${pcscd.readerNames[0]} · card inserted` }).check();
  await page.getByLabel(/^PIN/).fill(OPERATOR_PIN);
  await page.getByLabel(/^PIN/).press('Enter');
  await page.getByRole('button', { name: new RegExp(`^Operator: ${who.name}`) }).waitFor();
}

/** Takes the operator card out: the station locks. */
async function takeCardOut(): Promise<void> {
  await operatorCardIn?.remove();
  operatorCardIn = undefined;
  await readerHolds(0, false);
  await lockHeading().waitFor();
}

beforeAll(async () => {
  stack = await startStationStack({ prefix: 'e2e-operators-', stationName: 'Badging Office 2' });
  ({ pcscd, call } = stack);
  ops = await createOperators();
  await registerOperators(stack.server, ops);
  // The site administrator registers the new station (setup mode: nobody signs in yet).
  await stack.register();
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
  await page.goto(stack.host.url);
}, 90_000);

afterAll(async () => {
  await operatorCardIn?.remove().catch(() => undefined);
  await browser?.close();
  await stack?.stop();
});

describe('sign-in, approval and pickup across two operators', () => {
  let employeeNumber = '';

  it('the kiosk is locked; the clerk signs in with her card and PIN', async () => {
    await lockHeading().waitFor({ timeout: 20_000 });
    await shot('e2e-lock-screen');
    await signIn(ops.clerk);
    expect(await page.getByRole('button', { name: 'Identity' }).isVisible()).toBe(true);
  });

  it('she enrolls a contractor: the credential is Pending and the pickup is refused with that reason', async () => {
    await page.getByRole('button', { name: 'Identity' }).click();
    await page.getByRole('menuitem', { name: 'Add Applicant' }).click();
    await page.getByLabel('FIRST NAME').fill('Marta');
    await page.getByLabel('LAST NAME').fill('Kowalczyk');
    await page.getByLabel('CREDENTIAL TYPE').click();
    await page.getByRole('option', { name: 'Mobile PACS – Contractor' }).click();
    await page.getByLabel('EMAIL ADDRESS').fill('marta.kowalczyk@contractor.example');
    await page.getByLabel('EMAIL ADDRESS').press('Enter');
    const heading = page.getByText(/Employee Number\s*\d{8}/).first();
    await heading.waitFor();
    employeeNumber = /(\d{8})/.exec((await heading.textContent()) ?? '')![1]!;

    // Her badge card in the second reader, enrolled with its holder's PIN.
    const badge = new VpcdCard(pivCard({ serial: '500101' }), { port: pcscd.vpcdPorts[1] });
    await badge.insert();
    await readerHolds(1, true);
    await call('devices:enroll', { employeeNumber, readerName: pcscd.readerNames[1], pin: '123456' });
    await badge.remove();
    await readerHolds(1, false);

    await page.evaluate((hash) => (location.hash = hash), `#/applicants/${employeeNumber}/credentials`);
    await page.getByText(/Pending approval/).first().waitFor();
    const row = page.getByRole('row', { name: /500101/ });
    await row.getByRole('button', { name: 'Action' }).click();
    const pickup = page.getByRole('menuitem', { name: /Pick up your HID Mobile Credential/ });
    expect(await pickup.isDisabled()).toBe(true);
    expect(await pickup.textContent()).toMatch(/Pending approval/);
    await shot('e2e-pending-pickup-refused');
    await page.keyboard.press('Escape');
  });

  it('taking her card out locks the station', async () => {
    await takeCardOut();
    expect(await page.getByText(/card was removed/i).first().isVisible()).toBe(true);
  });

  it('the supervisor signs in with his card and approves the credential', async () => {
    await signIn(ops.supervisor);
    await page.getByRole('link', { name: /^Approvals: 1 waiting/ }).click();
    await page.getByRole('table', { name: 'Credentials waiting for approval' }).waitFor();
    await shot('e2e-approvals');
    await page.getByRole('button', { name: `Approve Mobile PACS – Contractor for Marta Kowalczyk (${employeeNumber})` }).click();
    await page.getByText('No credentials are waiting for approval.').waitFor();
    await until(async () => (await call('sync:status')).waiting === 0, 'the approval to reach the server');
  });

  it('he exports the signed audit bundle from the Audit trail, and the auditor’s command finds it intact', async () => {
    await page.getByRole('button', { name: 'Station' }).click();
    await page.getByRole('menuitem', { name: 'Audit trail' }).click();
    await page.getByText(/^Audit trail intact/).first().waitFor();
    expect(await page.getByRole('cell', { name: 'Credential approved' }).first().isVisible()).toBe(true);
    await shot('e2e-audit-trail');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export signed bundle' }).click()]);
    const file = join(stack.dir.path, download.suggestedFilename());
    await download.saveAs(file);
    const verdict = await run(process.execPath, ['--import', 'tsx', 'src/main/audit/verify-cli.ts', file], { cwd: ROOT });
    expect(verdict.stdout).toMatch(/^INTACT: \d+ entries/);
    await takeCardOut();
  });

  it('the clerk signs in again and the pickup screen opens', async () => {
    await signIn(ops.clerk);
    await page.evaluate((hash) => (location.hash = hash), `#/applicants/${employeeNumber}/credentials`);
    await page.getByText(/Approved by Sam Supervisor/).first().waitFor();
    const row = page.getByRole('row', { name: /500101/ });
    await row.getByRole('button', { name: 'Action' }).click();
    await page.getByRole('menuitem', { name: 'Pick up your HID Mobile Credential' }).click();
    await page.getByRole('img', { name: 'QR code to scan with the Enrollment Station wallet app' }).waitFor();
    const code = (await page.getByRole('group', { name: 'Invitation code' }).textContent())?.replace(/\s/g, '') ?? '';
    expect(code).toMatch(/^[2-9A-HJ-NP-Z]{4}(-[2-9A-HJ-NP-Z]{4}){3}$/);
    await shot('e2e-pickup-after-approval');
  });
});
