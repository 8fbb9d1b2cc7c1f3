import type { AuditEntry } from '../../shared/domain/audit-chain';
import { canonicalJson } from '../../shared/domain/canonical-json';
import { foldForSearch } from '../../shared/domain/text';
import { nodeEd25519, sha256Hex } from '../../node/crypto';
import type { AuditBundle } from './bundle';

const CSV_COLUMNS = ['seq', 'at', 'action', 'employeeNumber', 'recordId', 'operator', 'operatorFingerprint', 'stationId', 'stationName', 'summary', 'prevHash', 'hash', 'signature'] as const;

export type BundleHeader = Omit<AuditBundle, 'entries' | 'bundleHash' | 'signature'>;

/**
 * The whole History as the audit worker holds it, with the queries that read all of it.
 * Entries are kept as parsed from JSON: the chain check rejects any that is not a valid
 * entry, and every answer is schema-checked before it leaves the worker.
 */
export class AuditEntries {
  readonly all: unknown[] = [];
  /** Positions of each person's entries, so a History never scans the whole trail. */
  private readonly byPerson = new Map<string, number[]>();

  add(entries: readonly unknown[]): void {
    for (const entry of entries) {
      const employeeNumber = (entry as Partial<AuditEntry> | null)?.employeeNumber;
      if (typeof employeeNumber === 'string') {
        const positions = this.byPerson.get(employeeNumber) ?? [];
        positions.push(this.all.length);
        this.byPerson.set(employeeNumber, positions);
      }
      this.all.push(entry);
    }
  }

  /** A person's entries, oldest first. */
  history(employeeNumber: string): AuditEntry[] {
    return (this.byPerson.get(employeeNumber) ?? []).map((position) => this.all[position] as AuditEntry);
  }

  /** Entries about the person (when given) holding every word of `text`: the newest `limit`, newest first, and how many match. */
  list(query: { employeeNumber?: string | undefined; text: string; limit: number }): { entries: AuditEntry[]; total: number } {
    const words = foldForSearch(query.text).split(/\s+/).filter(Boolean);
    const from = query.employeeNumber ? this.history(query.employeeNumber) : (this.all as AuditEntry[]);
    const found = words.length === 0 ? from : from.filter((e) => {
      const haystack = foldForSearch(`${e.action} ${e.operator} ${e.summary} ${e.employeeNumber ?? ''} ${e.stationName}`);
      return words.every((w) => haystack.includes(w));
    });
    return { entries: found.slice(-query.limit).reverse(), total: found.length };
  }

  logged(action: string, recordId: string): boolean {
    for (let i = this.all.length - 1; i >= 0; i--) {
      const entry = this.all[i] as Partial<AuditEntry> | null;
      if (entry?.action === action && entry.recordId === recordId) return true;
    }
    return false;
  }

  /** RFC 4180 CSV of the whole trail. */
  csv(): string {
    const rows = (this.all as AuditEntry[]).map((e) => CSV_COLUMNS.map((c) => csvCell(e[c])).join(','));
    return [CSV_COLUMNS.join(','), ...rows].join('\r\n') + '\r\n';
  }

  /** The signed bundle's JSON (bundle.ts describes it). */
  bundle(header: BundleHeader, secretKey: string): string {
    const body = { ...header, entries: this.all as AuditEntry[] };
    const bundleHash = sha256Hex(canonicalJson(body));
    const bundle: AuditBundle = { ...body, bundleHash, signature: nodeEd25519.sign(bundleHash, secretKey) };
    return JSON.stringify(bundle, null, 1);
  }
}

/** RFC 4180 quoting, and a leading apostrophe so a spreadsheet never runs a cell as a formula. */
function csvCell(value: string | number | undefined): string {
  if (value === undefined) return '';
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
