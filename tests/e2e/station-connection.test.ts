import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser';
import { scratchDir, startWebHost, type RunningHost } from '../support/web-host';

/**
 * The page and its station: a page whose back end stops says so at once and comes
 * back by itself when the same station starts again; a station whose data is kept
 * under a passphrase asks for it on the page before anything else.
 */
let browser: Browser;
let dir: Awaited<ReturnType<typeof scratchDir>>;
const hosts: RunningHost[] = [];

beforeAll(async () => {
  browser = await launchChromium();
  dir = await scratchDir('e2e-connection-');
});
afterAll(async () => {
  for (const host of hosts) await host.stop();
  await browser?.close();
  await dir?.remove();
});

async function start(name: string, options: { port?: number; env?: NodeJS.ProcessEnv } = {}): Promise<RunningHost> {
  const host = await startWebHost({
    dataDir: join(dir.path, name),
    keyFile: join(dir.path, `${name}.key`),
    env: options.env,
    args: options.port ? ['--port', String(options.port)] : [],
  });
  hosts.push(host);
  return host;
}

async function shot(page: Page, name: string): Promise<void> {
  if (!process.env.SCREENSHOT_DIR) return;
  await page.screenshot({ path: join(process.env.SCREENSHOT_DIR, `${name}.png`) });
}

describe('a page whose station goes away', () => {
  it('says "Station not connected" within 2 s, keeps retrying, and is live again without a reload when the station is back', async () => {
    const first = await start('comeback');
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    await page.goto(first.url);
    await page.getByLabel('Search applicants').waitFor();
    await page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));

    await first.kill();
    await page.getByRole('alert').filter({ hasText: 'Station not connected' }).waitFor({ timeout: 2_000 });
    await shot(page, 'station-not-connected');

    // The same station (same data folder, so the same browser key) on the same port.
    await start('comeback', { port: Number(new URL(first.origin).port) });
    await expect.poll(() => page.getByText('Station not connected').count(), { timeout: 15_000 }).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);

    await page.getByRole('button', { name: 'Identity' }).click();
    await page.getByRole('menuitem', { name: 'Add Applicant' }).click();
    await page.getByLabel('FIRST NAME').fill('Grace');
    await page.getByLabel('LAST NAME').fill('Hopper');
    await page.getByLabel('CREDENTIAL TYPE').click();
    await page.getByRole('option', { name: 'PIV Card – Employee' }).click();
    await page.getByRole('button', { name: 'Submit' }).click();
    await page.getByText(/Employee Number\s*\d{8}/).first().waitFor();
    await page.close();
  });
});

describe('a station whose data is kept under a passphrase', () => {
  const PASSPHRASE = 'kiosk passphrase 2026';

  it('asks for it on the page: a wrong one says so, the right one opens the station; after 5 wrong ones it pauses', async () => {
    // Set up with the passphrase given in the environment, as a site may do today.
    const setup = await start('locked', { env: { ENROLLMENT_STATION_PASSPHRASE: PASSPHRASE } });
    await setup.stop();
    hosts.splice(hosts.indexOf(setup), 1);

    const host = await start('locked', { env: { ENROLLMENT_STATION_PASSPHRASE: '' } });
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    await page.goto(host.url);
    await page.getByRole('heading', { name: 'Enter the station passphrase' }).waitFor();
    expect(await page.getByLabel('Search applicants').count()).toBe(0);
    await page.getByLabel('PASSPHRASE').fill('not the passphrase');
    await page.keyboard.press('Enter');
    await page.getByText('Wrong passphrase', { exact: true }).waitFor();
    expect(await page.getByLabel('PASSPHRASE').inputValue()).toBe('');
    await shot(page, 'passphrase-wrong');
    await page.getByLabel('PASSPHRASE').fill(PASSPHRASE);
    await page.getByRole('button', { name: 'Unlock' }).click();
    await page.getByLabel('Search applicants').waitFor();
    await host.stop();
    hosts.splice(hosts.indexOf(host), 1);

    const again = await start('locked', { env: { ENROLLMENT_STATION_PASSPHRASE: '' } });
    const second = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    await second.goto(again.url);
    for (let i = 1; i <= 5; i++) {
      await second.getByLabel('PASSPHRASE').fill(`wrong guess ${i}`);
      await second.getByRole('button', { name: 'Unlock' }).click();
      // Each wrong try is answered (the field is emptied) before the next: scrypt takes its time on purpose.
      await expect.poll(() => second.getByLabel('PASSPHRASE').inputValue(), { timeout: 15_000 }).toBe('');
    }
    await second.getByText(/Too many wrong passphrases\. Try again at /).waitFor();
    expect(await second.getByRole('button', { name: 'Unlock' }).isDisabled()).toBe(true);
    await shot(second, 'passphrase-paused');
    await page.close();
    await second.close();
  });
});
