import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { StationSummary } from '../../src/shared/contract/server-protocol';
import { launchChromium } from '../support/browser';
import { request, stationApi } from '../support/central-server';
import { createOperators, OPERATOR_PIN, operatorCard, registerOperators, type TestOperators } from '../support/operators';
import { VpcdCard } from '../support/pcsc/vpcd-card';
import { startStationStack, type StationStack } from '../support/station-stack';
import { until } from '../support/until';

/**
 * Issue 17 in Chromium: an administrator signs in with her card, edits a credential type's
 * policy (sees what it means for what is already issued, then saves), and revokes a station
 * with a reason. Set SCREENSHOT_DIR to keep the screens.
 */
let stack: StationStack;
let browser: Browser;
let page: Page;
let ops: TestOperators;
let card: VpcdCard | undefined;
let kioskId = '';
const adminAuth = () => ({ authorization: `Bearer admin.${stack.server.adminKey}` });

async function shot(name: string): Promise<void> {
  if (!process.env.SCREENSHOT_DIR) return;
  await page.screenshot({ path: join(process.env.SCREENSHOT_DIR, `${name}.png`) });
}

beforeAll(async () => {
  stack = await startStationStack({ prefix: 'e2e-admin-policies-', stationName: 'Badging Office 2' });
  ops = await createOperators();
  await registerOperators(stack.server, ops);
  await stack.register();

  // A second station, registered from a token with its site; it has pushed one applicant
  // (no email) and reports 4 changes still waiting.
  const made = await request<{ token: string }>(stack.server.url, 'POST', '/v1/admin/station-tokens', { ...adminAuth(), body: { stationName: 'Lobby kiosk', site: 'Building 7 – lobby', expiresInHours: 24 } });
  kioskId = randomUUID();
  const reg = await request<{ secret: string }>(stack.server.url, 'POST', '/v1/stations/register', { body: { token: made.body.token, stationId: kioskId, stationName: 'Lobby kiosk' } });
  const kiosk = stationApi(stack.server.url, { stationId: kioskId, secret: reg.body.secret, authorization: `Bearer ${kioskId}.${reg.body.secret}` });
  const applicant = { employeeNumber: '39000001', firstName: 'Kim', lastName: 'Kiosk', credentialTypeId: 'piv-card-employee', createdAt: new Date().toISOString(), createdBy: 'clerk', stationId: kioskId };
  const pushed = await kiosk.push([{ mutationId: randomUUID(), seq: 1, createdAt: applicant.createdAt, mutation: { kind: 'applicant.create', applicant }, operator: ops.clerk.fingerprint }]);
  expect(pushed.status, JSON.stringify(pushed.body)).toBe(200);
  await request(stack.server.url, 'GET', '/v1/sync/changes?after=0&outbox=4', { authorization: `Bearer ${kioskId}.${reg.body.secret}` });

  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
  await page.goto(stack.host.url);
}, 120_000);

afterAll(async () => {
  await card?.remove().catch(() => undefined);
  await browser?.close();
  await stack?.stop();
});

describe('Station › Administration: policies and stations', () => {
  it('the administrator signs in with her card', async () => {
    await page.getByRole('heading', { level: 1, name: 'Sign in with your digital certificate' }).waitFor({ timeout: 30_000 });
    card = new VpcdCard(operatorCard(ops.administrator), { port: stack.pcscd.vpcdPorts[0] });
    await card.insert();
    const reader = page.getByRole('radio', { name: `${stack.pcscd.readerNames[0]} · card inserted` });
    await reader.waitFor();
    await reader.check();
    await page.getByLabel(/^PIN/).fill(OPERATOR_PIN);
    await page.getByLabel(/^PIN/).press('Enter');
    await page.getByRole('button', { name: new RegExp(`^Operator: ${ops.administrator.name}`) }).waitFor();
  });

  it('edits a policy: the impact on what is already there is stated before saving', async () => {
    await page.evaluate(() => (location.hash = '#/admin/credential-types'));
    const row = page.getByRole('row', { name: /PIV Card – Employee/ });
    await row.waitFor();
    await shot('admin-credential-types');
    await page.getByRole('button', { name: 'Edit PIV Card – Employee' }).click();
    await page.getByRole('checkbox', { name: 'Email address' }).check();
    await page.getByRole('switch', { name: 'Supervisor approval for new credentials' }).check();
    await page.getByRole('button', { name: 'Review change' }).click();
    const statement = page.getByText('Required email: 1 applicant of this type has none; they keep their record, the next edit asks for it.');
    await statement.waitFor();
    expect(await page.getByText(/Supervisor approval: applies to devices enrolled from now on; the 0 credentials already issued stay ISSUED/).isVisible()).toBe(true);
    await shot('admin-credential-types-impact');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('PIV Card – Employee is saved. Every station follows after its next sync.').waitFor();
    await page.getByRole('row', { name: /PIV Card – Employee.*requires email address.*supervisor approval/ }).waitFor();
    // This station's own Add Applicant follows through the feed.
    await until(async () => {
      const types = await stack.call<Array<{ id: string; policy: { requiredFields: string[] } }>>('credential-types:list');
      return types.find((t) => t.id === 'piv-card-employee')?.policy.requiredFields.includes('email') || undefined;
    }, 'the new policy at this station');
  });

  it('revokes a station with a reason: stored, shown, refused sync', async () => {
    await page.evaluate(() => (location.hash = '#/admin/stations'));
    const kiosk = page.getByRole('row', { name: /Lobby kiosk.*Building 7 – lobby/ });
    await kiosk.waitFor();
    await page.getByRole('button', { name: 'Revoke Lobby kiosk' }).click();
    await page.getByText(/It said 4 change\(s\) were still waiting/).waitFor();
    await page.getByLabel(/^Reason/).fill('Kiosk replaced after water damage');
    await page.getByRole('button', { name: 'Revoke station' }).click();
    await page.getByRole('row', { name: /Lobby kiosk.*Revoked.*Kiosk replaced after water damage/ }).waitFor();
    await shot('admin-stations');
    const held = z.array(StationSummary).parse((await request(stack.server.url, 'GET', '/v1/admin/stations', adminAuth())).body);
    expect(held.find((s) => s.stationId === kioskId)).toMatchObject({ revokedReason: 'Kiosk replaced after water damage', site: 'Building 7 – lobby' });
  });
});
