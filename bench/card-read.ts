import { join } from 'node:path';
import { startPrivatePcscd } from '../tests/support/pcsc/private-pcscd';
import { contactlessCard, pivCard } from '../tests/support/pcsc/virtual-cards';
import { VpcdCard } from '../tests/support/pcsc/vpcd-card';
import { StationClient } from '../tests/support/station-client';
import { scratchDir, startWebHost } from '../tests/support/web-host';

/**
 * Card inserted → details ready for + Device, through the real stack (web host →
 * smartcard → private pcscd → vpcd → virtual card), and what the card saw: APDUs per
 * read and their round trips. Insert-to-details includes pcscd noticing the card (it
 * polls the virtual reader), which dominates.
 */
const ROUNDS = 40;

function percentiles(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
  const round = (n: number) => Math.round(n * 100) / 100;
  return { p50: round(at(0.5)), p95: round(at(0.95)), samples: sorted.length };
}

export async function benchCardRead() {
  const pcscd = await startPrivatePcscd();
  const dir = await scratchDir('bench-card-');
  const host = await startWebHost({ dataDir: join(dir.path, 'data'), keyFile: join(dir.path, 'key'), env: { ...pcscd.env } });
  const client = await StationClient.connect(host.origin);
  await client.hello(host.secret);
  try {
    const created = (await client.call('applicants:create', { firstName: 'Bench', lastName: 'Card', credentialTypeId: 'piv-card-employee' })) as { value: { employeeNumber: string } };
    const employeeNumber = created.value.employeeNumber;
    const results: Record<string, unknown> = {};
    const kinds = [
      ['piv', () => pivCard({ serial: '700001' })],
      ['contactless', () => contactlessCard({ uid: '04A23B7A' })],
      // An ISO/IEC 14443-4 card (MIFARE DESFire's ATR): probed for PIV before its UID is read (issue 14).
      ['contactless-probed', () => contactlessCard({ uid: '04A23B7A5C6D80', atr: Buffer.from('3B8180018080', 'hex') })],
    ] as const;
    for (const [kind, make] of kinds) {
      const insertToDetails: number[] = [];
      const exchangeMs: number[] = [];
      const apduRtt: number[] = [];
      const apdusPerRead: number[] = [];
      for (let i = 0; i < ROUNDS; i++) {
        const card = new VpcdCard(make(), { port: pcscd.vpcdPorts[0] });
        const started = performance.now();
        await card.insert();
        for (;;) {
          const reply = (await client.call('devices:read-card', { readerName: pcscd.readerNames[0], employeeNumber })) as { ok: boolean; error?: { code: string } };
          if (reply.ok) break;
          if (reply.error?.code !== 'NO_CARD') throw new Error(JSON.stringify(reply));
          await new Promise((r) => setTimeout(r, 10));
        }
        insertToDetails.push(performance.now() - started);
        const diagnostics = (await client.call('readers:diagnostics', { readerName: pcscd.readerNames[0] })) as { value: { apduLog: { ms: number; at: string }[] } };
        const log = diagnostics.value.apduLog;
        const lastRead = log.slice(-card.exchanges.length);
        apdusPerRead.push(card.exchanges.length);
        apduRtt.push(...lastRead.map((e) => e.ms));
        exchangeMs.push(lastRead.reduce((sum, e) => sum + e.ms, 0));
        await card.remove();
        await new Promise((r) => setTimeout(r, 600)); // let pcscd see the reader empty before the next card
      }
      results[kind] = {
        insertToDetailsMs: percentiles(insertToDetails),
        apdusPerRead: apdusPerRead[0],
        apduRoundTripMs: percentiles(apduRtt),
        cardExchangePerReadMs: percentiles(exchangeMs),
      };
    }
    return { name: 'card inserted → details (+ Device), APDU count and round trip', unit: 'ms', latencyShim: pcscd.latencyShim, results };
  } finally {
    client.close();
    await host.stop();
    await pcscd.stop();
    await dir.remove();
  }
}
