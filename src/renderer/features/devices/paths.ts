/** Where the card-reader screens live (HashRouter paths). */
export const DEVICES_PATH = '/devices';

/** A reader's Diagnostics screen; reader names have spaces ("Virtual PCD 00 00"). */
export function readerDiagnosticsPath(readerName: string): string {
  return `${DEVICES_PATH}/${encodeURIComponent(readerName)}`;
}
