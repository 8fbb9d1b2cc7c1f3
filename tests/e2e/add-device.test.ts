import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchChromium } from '../support/browser';
import { startPrivatePcscd, type PrivatePcscd } from '../support/pcsc/private-pcscd';
import { pivCard } from '../support/pcsc/virtual-cards';
import { VpcdCard } from '../support/pcsc/vpcd-card';
import { StationClient } from '../support/station-client';
import { scratchDir, startWebHost, type RunningHost } from '../support/web-host';

/**
 * Phase 3 of the procedure as a clerk does it, over the real stack: Chromium → web host
 * → smartcard binding → a private pcscd → vpcd → the project's virtual PIV card.
 */
let pcscd: PrivatePcscd;
let dir: Awaited<ReturnType<typeof scratchDir>>;
let host: RunningHost;
let browser: Browser;

beforeAll(async () => {
  pcscd = await startPrivatePcscd();
  dir = await scratchDir('e2e-device-');
  host = await startWebHost({ dataDir: join(dir.path, 'data'), keyFile: join(dir.path, 'key'), env: { ...pcscd.env } });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await host?.stop();
  await pcscd?.stop();
  await dir?.remove();
});

it('+ Device → Select the device → card details → PIN → Enroll Device → Refresh Report Data shows Added / ISSUED', async () => {
  const client = await StationClient.connect(host.origin);
  await client.hello(host.secret);
  const created = (await client.call('applicants:create', { firstName: 'Seán', lastName: "O'Brien", credentialTypeId: 'mobile-pacs-employee', email: 'sean@example.org' })) as {
    value: { employeeNumber: string };
  };
  client.close();
  const employeeNumber = created.value.employeeNumber;

  const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
  await page.goto(host.url);
  await page.getByText('Enrollment Station').first().waitFor();
  await page.evaluate((hash) => (location.hash = hash), `#/applicants/${employeeNumber}/credentials`);

  const card = new VpcdCard(pivCard({ serial: '880042', pin: '246810' }), { port: pcscd.vpcdPorts[0] });
  await card.insert();

  await page.getByRole('button', { name: '+ Device' }).click();
  await page.getByLabel('Select the device').click();
  await page.getByRole('option', { name: pcscd.readerNames[0] }).click();
  await page.getByText('9999-9999-880042').waitFor();
  for (const label of ['Serial Number', 'ATR', 'Assigned To', 'Policy', 'Status']) {
    expect(await page.getByText(label, { exact: true }).first().isVisible(), label).toBe(true);
  }

  await page.getByLabel('PIN').fill('111111');
  await page.getByRole('button', { name: 'Enroll Device' }).click();
  await page.getByText(/2 tries left/).first().waitFor();

  await page.getByLabel('PIN').fill('246810');
  await page.getByRole('button', { name: 'Enroll Device' }).click();
  await page.getByRole('dialog').waitFor({ state: 'hidden' });

  await page.getByRole('button', { name: 'Refresh Report Data' }).click();
  await page.getByText('Obtaining device information...').or(page.getByRole('row', { name: /9999-9999-880042/ })).first().waitFor();
  const row = page.getByRole('row', { name: /9999-9999-880042/ });
  await row.waitFor();
  expect(await row.textContent()).toMatch(/Added/);
  expect(await row.textContent()).toMatch(/ISSUED/);

  await page.getByRole('tab', { name: 'History' }).click();
  await page.getByText(/Serial Number 9999-9999-880042-0-1 enrolled/).waitFor();
  await card.remove();
  await page.close();
});
