import { count, ms, table } from './format';

interface Percentiles { p50: number; p95: number; samples: number }
interface CardKind { insertToDetailsMs: Percentiles; apdusPerRead: number; apduRoundTripMs: Percentiles; cardExchangePerReadMs: Percentiles }
export interface CardReadResult { results: Record<string, CardKind> }

/** What each key of the JSON is, for the reader; an unknown key is shown as it is. */
const CARD_NAMES: Record<string, string> = {
  piv: 'PIV (SELECT, GET DATA CHUID, PIN retry counter)',
  contactless: 'contactless storage card (MIFARE Classic: GET DATA UID, nothing to probe)',
  'contactless-probed': 'contactless ISO/IEC 14443-4 card (DESFire ATR: SELECT PIV refused, then GET DATA UID)',
};

/** bench/results/card-read.json: one row per card kind. */
export function renderCardRead(result: CardReadResult): string {
  const rows = Object.entries(result.results).map(([key, card]) => [
    CARD_NAMES[key] ?? key,
    count(card.insertToDetailsMs.samples),
    ms(card.insertToDetailsMs.p50), ms(card.insertToDetailsMs.p95),
    count(card.apdusPerRead),
    ms(card.cardExchangePerReadMs.p50), ms(card.cardExchangePerReadMs.p95),
    ms(card.apduRoundTripMs.p50), ms(card.apduRoundTripMs.p95),
  ]);
  const headers = ['card', 'insertions', 'insert → details p50', 'p95', 'APDUs per read', 'card exchange per read p50', 'p95', 'APDU round trip p50', 'p95'];
  return table(headers, rows);
}
