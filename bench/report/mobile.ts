import { count, p50p95, table } from './format';

interface Provider { samples: number; inviteMs: { p50: number; p95: number }; redeemToActiveOnStationMs: { p50: number; p95: number } }
export interface MobileResult { results: { reference: Provider; hidOrigo: Record<string, Provider> } }

/** `latency200ms` → "HID Origo, 200 ms added per answer". */
function origoName(key: string): string {
  const added = /^latency(\d+)ms$/.exec(key)?.[1];
  return added === undefined ? `HID Origo, ${key}` : `HID Origo, ${added} ms added per answer`;
}

/** bench/results/mobile.json: one row per provider (and per latency added to the Origo simulator). */
export function renderMobile(result: MobileResult): string {
  const providers: [string, Provider][] = [
    ['reference provider', result.results.reference],
    ...Object.entries(result.results.hidOrigo).map(([key, provider]): [string, Provider] => [origoName(key), provider]),
  ];
  const rows = providers.map(([name, p]) => [name, count(p.samples), p50p95(p.inviteMs), p50p95(p.redeemToActiveOnStationMs)]);
  return table(['provider', 'people', 'invitation round trip p50 / p95', 'redemption → ACTIVE on the station p50 / p95'], rows);
}
