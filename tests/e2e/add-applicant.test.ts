import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser';
import { scratchDir, startWebHost, type RunningHost } from '../support/web-host';

/**
 * Phases 1–2 of the procedure as a clerk does them: Identity › Add Applicant, the
 * form, Submit, the Employee Number, then Identity › Search after a restart.
 */
let browser: Browser;
let dir: Awaited<ReturnType<typeof scratchDir>>;
let host: RunningHost;
const dataDir = () => join(dir.path, 'data');
const keyFile = () => join(dir.path, 'keys', 'station.key');

beforeAll(async () => {
  browser = await launchChromium();
  dir = await scratchDir('e2e-');
  host = await startWebHost({ dataDir: dataDir(), keyFile: keyFile() });
});
afterAll(async () => {
  await host?.stop();
  await browser?.close();
  await dir?.remove();
});

async function openStation(): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  (page as Page & { problems: string[] }).problems = problems;
  await page.goto(host.url);
  await expect.poll(() => page.getByText('Enrollment Station').first().isVisible()).toBe(true);
  return page;
}

async function goTo(page: Page, item: 'Add Applicant' | 'Search'): Promise<void> {
  await page.getByRole('button', { name: 'Identity' }).click();
  await page.getByRole('menuitem', { name: item }).click();
}

async function chooseCredentialType(page: Page, name: string): Promise<void> {
  await page.getByLabel('CREDENTIAL TYPE').click();
  await page.getByRole('option', { name }).click();
}

async function employeeNumberShown(page: Page): Promise<string> {
  const heading = page.getByText(/Employee Number\s*\d{8}/).first();
  await heading.waitFor();
  return /(\d{8})/.exec((await heading.textContent()) ?? '')![1]!;
}

async function searchFor(page: Page, text: string): Promise<void> {
  await goTo(page, 'Search');
  await page.getByLabel('Search applicants').fill(text);
}

describe('Add Applicant → Employee Number', () => {
  let employeeNumber = '';

  it('adds an applicant through the form, names exactly as typed, and opens the detail page', async () => {
    const page = await openStation();
    await goTo(page, 'Add Applicant');
    await expect.poll(() => page.getByRole('heading', { name: 'Add a New Applicant' }).isVisible()).toBe(true);
    await page.getByLabel('FIRST NAME').fill('  Seán ');
    await page.getByLabel('LAST NAME').fill("O'Brien-de la Cruz");
    await chooseCredentialType(page, 'Mobile PACS – Employee');
    await page.getByLabel('EMAIL ADDRESS').fill('Sean.OBrien@example.org');
    await page.getByLabel('USER PRINCIPAL NAME').fill('sobrien@corp.example');
    await page.getByLabel('EMAIL ADDRESS').press('Enter');

    employeeNumber = await employeeNumberShown(page);
    expect(employeeNumber).toMatch(/^\d{8}$/);
    await expect.poll(() => page.getByRole('heading', { name: "Seán O'Brien-de la Cruz" }).isVisible()).toBe(true);
    for (const tab of ['Details', 'Credentials', 'History']) {
      expect(await page.getByRole('tab', { name: tab }).isVisible()).toBe(true);
    }
    await page.getByRole('tab', { name: 'History' }).click();
    await expect.poll(() => page.getByText(/added with credential type Mobile PACS – Employee/).isVisible()).toBe(true);
    expect((page as Page & { problems: string[] }).problems).toEqual([]);
    await page.close();
  });

  it('keeps the applicant after a restart and finds them by an accent-free name fragment', async () => {
    await host.stop();
    host = await startWebHost({ dataDir: dataDir(), keyFile: keyFile() });
    const page = await openStation();
    await searchFor(page, 'sean o');
    const row = page.getByRole('row', { name: new RegExp(employeeNumber) });
    await row.waitFor();
    await row.click();
    expect(await employeeNumberShown(page)).toBe(employeeNumber);
    await expect.poll(() => page.getByText('Sean.OBrien@example.org').isVisible()).toBe(true);
    await page.close();
  });

  it('finds the applicant by Employee Number and by email', async () => {
    const page = await openStation();
    await searchFor(page, employeeNumber);
    await page.getByRole('row', { name: new RegExp(employeeNumber) }).waitFor();
    await page.getByLabel('Search applicants').fill('sean.obrien@EXAMPLE');
    await page.getByRole('row', { name: new RegExp(employeeNumber) }).waitFor();
    await page.close();
  });

  it('refuses the same email (other case) with "User already exists", links to the record, and stores nothing', async () => {
    const page = await openStation();
    await goTo(page, 'Add Applicant');
    await page.getByLabel('FIRST NAME').fill('Sean');
    await page.getByLabel('LAST NAME').fill('OBrien');
    await chooseCredentialType(page, 'Mobile PACS – Employee');
    await page.getByLabel('EMAIL ADDRESS').fill('sean.obrien@EXAMPLE.org');
    await page.getByRole('button', { name: 'Submit' }).click();

    await expect.poll(() => page.getByText('User already exists').first().isVisible()).toBe(true);
    expect(await page.getByLabel('FIRST NAME').inputValue()).toBe('Sean');
    await searchFor(page, 'obrien');
    await page.getByRole('row', { name: new RegExp(employeeNumber) }).waitFor();
    expect(await page.getByRole('row').filter({ hasText: /\d{8}/ }).count()).toBe(1);
    await page.close();
  });

  it('opens the existing record from the "User already exists" message', async () => {
    const page = await openStation();
    await goTo(page, 'Add Applicant');
    await page.getByLabel('FIRST NAME').fill('Someone');
    await page.getByLabel('LAST NAME').fill('Else');
    await chooseCredentialType(page, 'PIV Card – Employee');
    await page.getByLabel('USER PRINCIPAL NAME').fill('SOBRIEN@corp.example');
    await page.getByRole('button', { name: 'Submit' }).click();
    await page.getByRole('link', { name: new RegExp(employeeNumber) }).or(page.getByRole('button', { name: new RegExp(employeeNumber) })).click();
    expect(await employeeNumberShown(page)).toBe(employeeNumber);
    await page.close();
  });

  it('shows an invalid email on the field itself and stores nothing', async () => {
    const page = await openStation();
    await goTo(page, 'Add Applicant');
    await page.getByLabel('FIRST NAME').fill('Ingrid');
    await page.getByLabel('LAST NAME').fill('Bergström');
    await chooseCredentialType(page, 'Mobile PACS – Employee');
    await page.getByLabel('EMAIL ADDRESS').fill('ingrid@');
    await page.getByRole('button', { name: 'Submit' }).click();
    await expect.poll(() => page.getByText('Enter an email address like name@example.org').isVisible()).toBe(true);
    expect(await page.getByLabel('EMAIL ADDRESS').getAttribute('aria-invalid')).toBe('true');
    await searchFor(page, 'Bergström');
    await expect.poll(() => page.getByText(/No applicant matches/).isVisible()).toBe(true);
    await page.close();
  });

  it('never writes a name in plaintext to the data file', async () => {
    const bytes = await readFile(join(dataDir(), 'station-store.enc'));
    for (const text of ['Seán', "O'Brien", 'Sean.OBrien@example.org', 'sobrien', employeeNumber]) {
      expect(bytes.includes(Buffer.from(text))).toBe(false);
    }
  });
});

describe('keyboard only', () => {
  it('fills and submits the form without a mouse', async () => {
    const page = await openStation();
    await goTo(page, 'Add Applicant');
    await page.getByLabel('FIRST NAME').focus();
    await page.keyboard.type('Mary-Kate');
    await page.keyboard.press('Tab'); // MIDDLE NAME
    await page.keyboard.press('Tab'); // LAST NAME
    await page.keyboard.type('Ó Súilleabháin');
    await page.keyboard.press('Tab'); // CREDENTIAL TYPE
    await page.keyboard.press('ArrowDown'); // opens the list
    const piv = page.getByRole('option', { name: 'PIV Card – Employee' });
    for (let i = 0; i < 6 && !(await piv.evaluate((el) => el === document.activeElement)); i++) {
      await page.keyboard.press('ArrowDown');
    }
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    await page.keyboard.type('HR-0042');
    await page.keyboard.press('Enter');
    await employeeNumberShown(page);
    await expect.poll(() => page.getByRole('heading', { name: 'Mary-Kate Ó Súilleabháin' }).isVisible()).toBe(true);
    await page.close();
  });
});
