import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONFIG_FILE } from '../../src/main/config';
import type { Station } from '../../src/main/station';
import { launchChromium } from '../support/browser';
import { startCentralServer, type CentralServer } from '../support/central-server';
import { startFlakyProxy, type FlakyProxy } from '../support/flaky-proxy';
import { FAST_SYNC, openStation, serverProbe } from '../support/sync-harness';
import { until } from '../support/until';
import { scratchDir, startWebHost, type RunningHost } from '../support/web-host';

/**
 * The clerk's view of sync: register the station on the Sync page, enroll while the
 * server is down ("Offline · 1 waiting"), watch it go "Online" with nothing waiting
 * once the server is back, then settle a possible duplicate in Needs review.
 * Set SCREENSHOT_DIR to keep a PNG of each screen.
 */
let browser: Browser;
let dir: Awaited<ReturnType<typeof scratchDir>>;
let server: CentralServer;
let host: RunningHost;
let page: Page;
let otherSite: Station;
let otherProxy: FlakyProxy;

beforeAll(async () => {
  browser = await launchChromium();
  dir = await scratchDir('e2e-sync-');
  server = await startCentralServer({ backend: 'pglite', dataDir: join(dir.path, 'server') });
  const dataDir = join(dir.path, 'station');
  await mkdir(dataDir, { recursive: true });
  await writeFile(join(dataDir, CONFIG_FILE), JSON.stringify({ stationName: 'Badging Office 2', sync: FAST_SYNC }));
  host = await startWebHost({ dataDir, keyFile: join(dir.path, 'keys', 'station.key') });
  page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
  await page.goto(host.url);
});
afterAll(async () => {
  await otherSite?.close();
  await otherProxy?.close();
  await host?.stop();
  await server?.stop();
  await browser?.close();
  await dir?.remove();
});

async function shot(name: string): Promise<void> {
  if (!process.env.SCREENSHOT_DIR) return;
  await new Promise((r) => setTimeout(r, 400)); // let dialogs finish fading in
  await page.screenshot({ path: join(process.env.SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

const chip = () => page.getByRole('link', { name: /^(Online|Offline|Syncing…|Not connected to a server)/ });
const chipName = async () => (await chip().getAttribute('aria-label')) ?? '';

async function addApplicant(first: string, last: string, email: string): Promise<string> {
  await page.getByRole('button', { name: 'Identity' }).click();
  await page.getByRole('menuitem', { name: 'Add Applicant' }).click();
  await page.getByLabel('FIRST NAME').fill(first);
  await page.getByLabel('LAST NAME').fill(last);
  await page.getByLabel('CREDENTIAL TYPE').click();
  await page.getByRole('option', { name: 'Mobile PACS – Employee' }).click();
  await page.getByLabel('EMAIL ADDRESS').fill(email);
  await page.getByLabel('EMAIL ADDRESS').press('Enter');
  const heading = page.getByText(/Employee Number\s*\d{8}/).first();
  await heading.waitFor();
  return /(\d{8})/.exec((await heading.textContent()) ?? '')![1]!;
}

describe('sync as the clerk sees it', () => {
  it('registers the station on the Sync page and shows Online', async () => {
    await expect.poll(chipName).toBe('Not connected to a server');
    await chip().click();
    await expect.poll(() => page.getByRole('heading', { name: 'Sync' }).first().isVisible()).toBe(true);
    await shot('sync-not-registered');
    await page.getByLabel('Server address').fill(server.url);
    await page.getByLabel('Station enrollment token').fill((await server.createToken('Badging Office 2')).toLowerCase());
    await page.getByRole('button', { name: 'Register station' }).click();
    await expect.poll(chipName, { timeout: 20_000 }).toMatch(/^Online/);
    await expect.poll(() => page.getByText(`Registered with ${server.url}`).isVisible()).toBe(true);
    await shot('sync-online');
  });

  it('enrolls while the server is down: Offline, 1 waiting; then Online with nothing waiting once it is back', async () => {
    await server.kill();
    const employeeNumber = await addApplicant('Amaka', 'Okafor-Nwosu', 'amaka.okafor@example.org');
    await expect.poll(chipName, { timeout: 20_000 }).toMatch(/^Offline · 1 waiting/);
    await chip().click();
    await expect.poll(() => page.getByText(/The central server did not answer/).first().isVisible()).toBe(true);
    await shot('sync-offline');

    await server.restart();
    await expect.poll(chipName, { timeout: 30_000 }).toMatch(/^Online/);
    expect(await chipName()).not.toMatch(/waiting/);
    await expect.poll(() => page.getByText(/everything saved on this station is on the central server/).isVisible()).toBe(true);
    const view = await (await serverProbe(server.url, await server.createToken('Probe'))).read();
    expect(view.applicants.get(employeeNumber)).toMatchObject({ firstName: 'Amaka', lastName: 'Okafor-Nwosu' });
  });

  it('shows a possible duplicate from another site in Needs review, and keeps both when the clerk says so', async () => {
    otherProxy = await startFlakyProxy(server.url);
    otherSite = await openStation(join(dir.path, 'other-site'), { name: 'Remote Site 4' });
    await otherSite.handlers['sync:register']({ serverUrl: otherProxy.url, token: await server.createToken('Remote Site 4') });
    otherProxy.set({ kind: 'cut' });
    await server.kill(); // both sites offline, the same person enrolled at each
    await otherSite.handlers['applicants:create']({ firstName: 'Jon', lastName: 'Smith', credentialTypeId: 'mobile-pacs-employee', email: 'jon.smith@example.org' });
    const here = await addApplicant('Jonathan', 'Smith', 'Jon.Smith@example.org');
    await server.restart();
    await expect.poll(chipName, { timeout: 30_000 }).toMatch(/^Online/);
    otherProxy.set({ kind: 'pass' });
    await until(async () => (await otherSite.handlers['sync:status'](undefined)).openReviews === 1, 'the review at the other site', 20_000);

    await expect.poll(() => page.getByRole('link', { name: 'Needs review: 1 open' }).isVisible(), { timeout: 20_000 }).toBe(true);
    await page.getByRole('link', { name: 'Needs review: 1 open' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Needs review' }).isVisible()).toBe(true);
    await expect.poll(() => page.getByText('Same email address').first().isVisible()).toBe(true);
    await shot('needs-review');
    await page.getByRole('button', { name: 'Keep both' }).click();
    await shot('needs-review-confirm');
    await page.getByRole('dialog').getByRole('button', { name: /Keep both/ }).click();
    await expect.poll(() => page.getByText('Nothing needs review.').isVisible(), { timeout: 20_000 }).toBe(true);
    await until(async () => (await otherSite.handlers['reviews:list'](undefined))[0]?.review.status === 'kept-both', 'the decision to reach the other site', 20_000);
    expect((await otherSite.handlers['applicants:get']({ employeeNumber: here })).applicant.firstName).toBe('Jonathan');
  });
});
