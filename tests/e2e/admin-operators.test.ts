import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser';
import type { OperatorIdentity } from '../support/operator-pki';
import { createOperators, OPERATOR_PIN, operatorCard, registerOperators, type TestOperators } from '../support/operators';
import type { PrivatePcscd } from '../support/pcsc/private-pcscd';
import { VpcdCard } from '../support/pcsc/vpcd-card';
import { startStationStack, type StationStack } from '../support/station-stack';
import { until } from '../support/until';

/**
 * Issue 17, Station › Administration › Operators and Trust in Chromium against the web host,
 * a real central server and virtual operator cards: an Administrator signs in, adds a new
 * operator from the card in the second reader, sees them listed, asks to make them an
 * Administrator (waits for a second Administrator), looks at Trust; the new operator then
 * signs in at this station (the registry reached it through the feed).
 * Set SCREENSHOT_DIR to keep the screens (docs/screenshots/admin-operators*.png, admin-trust.png).
 */
let stack: StationStack;
let pcscd: PrivatePcscd;
let browser: Browser;
let page: Page;
let ops: TestOperators;
let call: StationStack['call'];
let cardIn: VpcdCard | undefined;

async function shot(name: string): Promise<void> {
  if (!process.env.SCREENSHOT_DIR) return;
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(process.env.SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

const lockHeading = () => page.getByRole('heading', { level: 1, name: 'Sign in with your digital certificate' });

async function readerHolds(slot: number, present: boolean): Promise<void> {
  await until(async () => {
    const status = (await call('readers:status')) as { readers: { name: string; cardPresent: boolean }[] };
    return status.readers.some((r) => r.name === pcscd.readerNames[slot] && r.cardPresent === present);
  }, `reader ${slot} to ${present ? 'hold' : 'lose'} a card`);
}

async function signIn(who: OperatorIdentity): Promise<void> {
  await lockHeading().waitFor({ timeout: 20_000 });
  cardIn = new VpcdCard(operatorCard(who), { port: pcscd.vpcdPorts[0] });
  await cardIn.insert();
  const reader = page.getByRole('radio', { name: `${pcscd.readerNames[0]} · card inserted` });
  await reader.waitFor();
  await reader.check();
  await page.getByLabel(/^PIN/).fill(OPERATOR_PIN);
  await page.getByLabel(/^PIN/).press('Enter');
  await page.getByRole('button', { name: new RegExp(`^Operator: ${who.name}`) }).waitFor();
}

beforeAll(async () => {
  stack = await startStationStack({ prefix: 'e2e-admin-operators-', stationName: 'Badging Office 3' });
  ({ pcscd, call } = stack);
  ops = await createOperators();
  await registerOperators(stack.server, ops);
  await stack.register();
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
  await page.goto(stack.host.url);
}, 90_000);

afterAll(async () => {
  await cardIn?.remove().catch(() => undefined);
  await browser?.close();
  await stack?.stop();
});

describe('Station › Administration › Operators and Trust', () => {
  it('an Administrator adds an operator from the card in a reader and sees them listed', async () => {
    await signIn(ops.administrator);
    await page.evaluate(() => (location.hash = '#/admin/operators'));
    const table = page.getByRole('table', { name: 'Operators' });
    await table.getByRole('row', { name: /Alice Clerk/ }).waitFor();

    // Nina's card (trusted CA, never registered) in the second reader.
    const nina = new VpcdCard(operatorCard(ops.unregistered), { port: pcscd.vpcdPorts[1] });
    await nina.insert();
    await readerHolds(1, true);
    await page.getByRole('button', { name: 'Add operator' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add an operator' });
    await dialog.getByLabel('Reader').click();
    await page.getByRole('option', { name: new RegExp(`${pcscd.readerNames[1]!.replace(/[()]/g, '.')} \\(card present\\)`) }).click();
    await dialog.getByLabel('Name').fill('Nina Nobody');
    await shot('admin-operators-add');
    await dialog.getByRole('button', { name: 'Add operator' }).click();
    await page.getByText('Nina Nobody was added as clerk').waitFor();
    const row = table.getByRole('row', { name: /Nina Nobody/ });
    await row.waitFor();
    expect(await row.textContent()).toMatch(/Clerk.*Nina Nobody.*Expires.*Active.*Never/);
    await nina.remove();
    await readerHolds(1, false);

    // The same card again: refused in words, nothing added.
    await nina.insert();
    await readerHolds(1, true);
    await page.getByRole('button', { name: 'Add operator' }).click();
    await dialog.getByLabel('Reader').click();
    await page.getByRole('option', { name: new RegExp(`${pcscd.readerNames[1]!.replace(/[()]/g, '.')} \\(card present\\)`) }).click();
    await dialog.getByLabel('Name').fill('Nina Again');
    await dialog.getByRole('button', { name: 'Add operator' }).click();
    await dialog.getByText(/already registered, to "Nina Nobody"/).waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await nina.remove();
    expect(await table.getByRole('row', { name: /Nina Again/ }).count()).toBe(0);
  });

  it('making her an Administrator waits for a second Administrator (four eyes)', async () => {
    await page.getByRole('button', { name: 'Roles of Nina Nobody' }).click();
    const dialog = page.getByRole('dialog', { name: 'Roles of Nina Nobody' });
    await dialog.getByLabel('Administrator').check();
    await dialog.getByRole('button', { name: 'Save roles' }).click();
    await page.getByText(/waits for a second Administrator's approval/).waitFor();
    const pending = page.getByRole('table', { name: 'Waiting for a second Administrator' });
    await pending.getByRole('row', { name: /Nina Nobody/ }).waitFor();
    expect(await pending.getByText('You asked for this: another Administrator decides.').isVisible()).toBe(true);
    // Still a Clerk until another Administrator approves.
    expect(await page.getByRole('table', { name: 'Operators' }).getByRole('row', { name: /Nina Nobody/ }).textContent()).toMatch(/^Nina NobodyClerk/);
    await shot('admin-operators');
  });

  it('Trust: the trusted CA and the revocation list with its age and next update due', async () => {
    await page.getByRole('tab', { name: 'Trust' }).click();
    await page.getByRole('table', { name: 'Trusted operator CAs' }).getByText('Example Corp Operator CA').waitFor();
    const crl = page.getByRole('table', { name: 'Revocation list' });
    expect(await crl.getByRole('row', { name: /Rex Revoked.*Card reported lost/ }).count()).toBe(1);
    expect(await page.getByText(/next update due by/).isVisible()).toBe(true);
    await page.getByRole('button', { name: 'Refresh now' }).click();
    await page.getByText('This station has the central server\'s current revocation list.').waitFor();
    await until(() => page.getByRole('button', { name: 'Refresh now' }).isEnabled(), 'Refresh now to be ready again');
    await shot('admin-trust');
  });

  it('another Administrator approves; the new operator signs in at this station (the registry reached it through the feed)', async () => {
    await cardIn?.remove();
    await readerHolds(0, false);
    await signIn(ops.allRoles);
    await page.evaluate(() => (location.hash = '#/admin/operators'));
    await page.getByRole('button', { name: 'Approve Nina Nobody' }).waitFor();
    await shot('admin-operators-approve');
    await page.getByRole('button', { name: 'Approve Nina Nobody' }).click();
    await page.getByText('Approved: Nina Nobody is now Clerk, Administrator.').waitFor();
    await until(async () => ((await page.getByRole('table', { name: 'Operators' }).getByRole('row', { name: /Nina Nobody/ }).textContent()) ?? '').includes('Clerk, Administrator'), 'Nina listed as Administrator');
    await cardIn?.remove();
    await readerHolds(0, false);
    await signIn(ops.unregistered);
    await page.evaluate(() => (location.hash = '#/admin/operators'));
    await page.getByRole('table', { name: 'Operators' }).getByRole('row', { name: /Nina Nobody/ }).waitFor();
  });
});
