import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser';
import { scratchDir, startWebHost, type RunningHost } from '../support/web-host';

/**
 * Issue 13: axe-core on the main screens in Debian's Chromium, against the real web host:
 * no critical and no serious violations. Also: after every Submit on Add Applicant, focus
 * is on the new record's heading.
 */
const AXE_SOURCE = readFileSync(resolve(__dirname, '../../node_modules/axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: unknown[]; failureSummary?: string }>;
}

let browser: Browser;
let dir: Awaited<ReturnType<typeof scratchDir>>;
let host: RunningHost;

beforeAll(async () => {
  browser = await launchChromium();
  dir = await scratchDir('e2e-a11y-');
  host = await startWebHost({ dataDir: join(dir.path, 'data'), keyFile: join(dir.path, 'keys', 'station.key') });
});
afterAll(async () => {
  await host?.stop();
  await browser?.close();
  await dir?.remove();
});

async function openStation(): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
  await page.goto(host.url);
  await expect.poll(() => page.getByText('Enrollment Station').first().isVisible()).toBe(true);
  return page;
}

/** Critical and serious violations on the page as it is now, one line each. */
async function seriousViolations(page: Page, screen: string): Promise<string[]> {
  // Evaluated through the DevTools protocol: the page's own CSP (script-src 'self') stays on.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: AxeViolation[] }> } }).axe;
    return (await axe.run(document, { resultTypes: ['violations'] })).violations;
  });
  return violations
    .filter((v) => v.impact === 'critical' || v.impact === 'serious')
    .map((v) => `${screen}: ${v.impact} ${v.id} (${v.help}) at ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`);
}

async function goTo(page: Page, menu: 'Identity' | 'Station', item: string): Promise<void> {
  await page.getByRole('button', { name: menu }).click();
  await page.getByRole('menuitem', { name: item }).click();
  // The menu fades out: axe would measure the contrast of its half-transparent items.
  await expect.poll(() => page.locator('.MuiMenu-root, .MuiPopover-root').count()).toBe(0);
}

async function addApplicant(page: Page, firstName: string, lastName: string): Promise<void> {
  await goTo(page, 'Identity', 'Add Applicant');
  await expect.poll(() => page.getByRole('heading', { name: 'Add a New Applicant' }).isVisible()).toBe(true);
  await page.getByLabel('FIRST NAME').fill(firstName);
  await page.getByLabel('LAST NAME').fill(lastName);
  await page.getByLabel('CREDENTIAL TYPE').click();
  await page.getByRole('option', { name: 'PIV Card – Employee' }).click();
  await page.getByRole('button', { name: 'Submit' }).click();
  await expect.poll(() => page.getByRole('heading', { name: `${firstName} ${lastName}` }).isVisible()).toBe(true);
}

/** The focused element: its tag and text. */
const focused = (page: Page) => page.evaluate(() => `${document.activeElement?.tagName} ${document.activeElement?.textContent ?? ''}`);

describe('accessibility of the main screens (axe-core, Chromium)', () => {
  it('has no critical or serious violations on Search, Add Applicant, the record tabs and Sync', async () => {
    const page = await openStation();
    const found: string[] = [];

    // Search with nothing on the station: no results table, so the field must not point at one.
    await goTo(page, 'Identity', 'Search');
    await expect.poll(() => page.getByText('No applicants on this station yet').isVisible()).toBe(true);
    found.push(...(await seriousViolations(page, 'Search (empty station)')));

    await goTo(page, 'Identity', 'Add Applicant');
    await expect.poll(() => page.getByRole('heading', { name: 'Add a New Applicant' }).isVisible()).toBe(true);
    found.push(...(await seriousViolations(page, 'Add Applicant')));
    await page.getByRole('button', { name: 'Submit' }).click();
    await expect.poll(() => page.getByText('FIRST NAME is required').first().isVisible()).toBe(true);
    found.push(...(await seriousViolations(page, 'Add Applicant (errors shown)')));

    await addApplicant(page, 'Grace', 'Hopper');
    found.push(...(await seriousViolations(page, 'Applicant › Details')));
    for (const tab of ['Credentials', 'History']) {
      await page.getByRole('tab', { name: tab }).click();
      await expect.poll(() => page.getByRole('tab', { name: tab, selected: true }).isVisible()).toBe(true);
      await expect.poll(() => page.getByRole('tabpanel').first().isVisible()).toBe(true);
      found.push(...(await seriousViolations(page, `Applicant › ${tab}`)));
    }

    await goTo(page, 'Identity', 'Search');
    await expect.poll(() => page.getByRole('table', { name: 'Applicants found' }).isVisible()).toBe(true);
    found.push(...(await seriousViolations(page, 'Search (results)')));
    await page.getByLabel('Search applicants').fill('nobody-by-this-name');
    await expect.poll(() => page.getByText('No applicant matches “nobody-by-this-name”').isVisible()).toBe(true);
    expect(await page.getByLabel('Search applicants').getAttribute('aria-controls')).toBeNull();
    found.push(...(await seriousViolations(page, 'Search (no match)')));

    await goTo(page, 'Station', 'Sync');
    await expect.poll(() => page.getByRole('heading', { name: 'Sync' }).first().isVisible()).toBe(true);
    found.push(...(await seriousViolations(page, 'Station › Sync')));

    expect(found).toEqual([]);
    await page.close();
  });

  it('puts focus on the new record’s heading after every Submit', async () => {
    const page = await openStation();
    for (const [first, last] of [
      ['Ada', 'Lovelace'],
      ['Alan', 'Turing'],
      ['Katherine', 'Johnson'],
    ] as const) {
      await addApplicant(page, first, last);
      await expect.poll(() => focused(page)).toBe(`H1 ${first} ${last}`);
    }
    await page.close();
  });
});
