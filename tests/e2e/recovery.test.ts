import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { launchChromium } from '../support/browser';
import { StationClient } from '../support/station-client';
import { scratchDir, startWebHost } from '../support/web-host';

it('after --recover every screen tells the clerk what may be missing', async () => {
  const dir = await scratchDir('e2e-recover-');
  const browser = await launchChromium();
  try {
    const data = join(dir.path, 'data');
    const key = join(dir.path, 'station.key');
    const first = await startWebHost({ dataDir: data, keyFile: key });
    const client = await StationClient.connect(first.origin);
    await client.hello(first.secret);
    for (const name of ['Ann', 'Bo', 'Cy']) await client.call('applicants:create', { firstName: name, lastName: 'Recovered', credentialTypeId: 'piv-card-employee' });
    client.close();
    await first.stop();

    const journal = join(data, 'station-journal.enc');
    const bytes = await readFile(journal);
    bytes[bytes.length - 10] = bytes[bytes.length - 10]! ^ 0xff;
    await writeFile(journal, bytes);

    const host = await startWebHost({ dataDir: data, keyFile: key, args: ['--recover'] });
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    await page.goto(host.url);
    await page.getByText('This station was restored from its last good copy').waitFor();
    expect(await page.getByText(/1 change\(s\) saved after .* could not be read and may be missing/).isVisible()).toBe(true);
    await page.getByLabel('Search applicants').fill('recovered');
    await page.getByRole('row', { name: /Bo Recovered/ }).waitFor();
    expect(await page.getByRole('row', { name: /Cy Recovered/ }).count()).toBe(0);
    await host.stop();
  } finally {
    await browser.close();
    await dir.remove();
  }
});
