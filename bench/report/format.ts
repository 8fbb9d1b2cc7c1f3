/** Number and table formatting shared by the renderers, so every table in docs/performance.md reads alike. */

const US = (digits: number) => new Intl.NumberFormat('en-US', { maximumFractionDigits: digits });

/** A plain number with thousands separators: 227,711. */
export const count = (value: number): string => US(0).format(value);

/** Milliseconds with as many decimals as matter at that size: 0.06 ms, 2.1 ms, 1,918 ms. */
export function ms(value: number): string {
  const digits = value < 1 ? 2 : value < 10 ? 1 : 0;
  return `${US(digits).format(value)} ms`;
}

/** Milliseconds shown as seconds, one decimal: 13.3 s. */
export const seconds = (milliseconds: number): string => `${US(1).format(milliseconds / 1000)} s`;

/** A rate per second, whole: 1,114/s. */
export const perSecond = (value: number): string => `${count(value)}/s`;

/** `p50 / p95` of a percentile record. */
export const p50p95 = (figure: { p50: number; p95: number }): string => `${ms(figure.p50)} / ${ms(figure.p95)}`;

/** A markdown table; `right` marks the columns holding numbers. */
export function table(headers: string[], rows: string[][], right: boolean[] = headers.map((_, i) => i > 0)): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(headers), line(right.map((r) => (r ? '---:' : '---'))), ...rows.map(line)].join('\n');
}
