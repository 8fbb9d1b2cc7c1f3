import type { AuditExport, AuditPage, ChainCheck } from '../../shared/contract/operators';
import { verifyAuditChain, type AuditEntry, type ChainHead } from '../../shared/domain/audit-chain';
import { canonicalJson } from '../../shared/domain/canonical-json';
import { foldForSearch } from '../../shared/domain/text';
import type { StationStore } from '../store/station-store';
import type { Actor } from './audit-trail';
import { AUDIT_BUNDLE_FORMAT, type AuditBundle } from './bundle';
import { nodeEd25519, sha256Hex } from '../../node/crypto';

export interface AuditServiceDeps {
  store: StationStore;
  station: { id: string; name: string };
  actor: () => Actor;
  now: () => Date;
}

/** Entries checked per turn of the event loop (≈ 0.1 ms each). */
const CHECK_SLICE = 2_000;
const CSV_COLUMNS = ['seq', 'at', 'action', 'employeeNumber', 'recordId', 'operator', 'operatorFingerprint', 'stationId', 'stationName', 'summary', 'prevHash', 'hash', 'signature'] as const;

/**
 * The supervisors' Audit view, the person's History, and exports. The whole chain is
 * checked (hashes, links, signatures, and that it still reaches the head the server
 * acknowledged), from the station's start, in slices; what was verified is remembered so a
 * later check only reads new entries (bench/operators.ts: ≈ 12 s for 100,000 entries).
 */
export function createAuditService(deps: AuditServiceDeps) {
  let verified: { head: ChainHead; count: number } | null = null;
  let broken: ChainCheck | null = null;
  let running: Promise<ChainCheck> | undefined;

  /** Checks what is not yet verified, a slice at a time so the station keeps answering meanwhile. */
  const verifyNew = async (): Promise<ChainCheck> => {
    for (;;) {
      const { auditKey, sync } = deps.store.data;
      const audit = deps.store.data.audit.toArray();
      const acknowledgedHead = sync.auditAcked;
      if (broken) return broken;
      const from = verified?.count ?? 0;
      const slice = audit.slice(from, from + CHECK_SLICE);
      const last = from + slice.length >= audit.length;
      const result = verifyAuditChain(slice, {
        publicKey: auditKey.publicKey,
        stationId: deps.station.id,
        ...(verified ? { after: verified.head } : {}),
        ...(last && acknowledgedHead ? { acknowledgedHead } : {}),
        ed25519: nodeEd25519,
      });
      if (!result.ok) {
        // A broken chain stays reported until the station restarts: tampering does not heal.
        broken = { ok: false, head: result.head, acknowledgedHead, findings: result.findings };
        return broken;
      }
      if (slice.length > 0) verified = { head: result.head, count: from + slice.length };
      if (last) return { ok: true, head: verified?.head ?? null, acknowledgedHead, findings: [] };
      await new Promise((resolve) => setImmediate(resolve));
    }
  };

  /** The result up to where the running check has reached (never claims a break it has not found). */
  const checkedSoFar = (): ChainCheck => broken ?? { ok: true, head: verified?.head ?? null, acknowledgedHead: deps.store.data.sync.auditAcked, findings: [] };

  const check = (): Promise<ChainCheck> => {
    running ??= verifyNew().finally(() => {
      running = undefined;
    });
    return running;
  };
  // Warm up at start: a large trail is checked before anyone opens the Audit view.
  void check();

  const matching = (entries: readonly AuditEntry[], employeeNumber: string | undefined, text: string) => {
    const words = foldForSearch(text).split(/\s+/).filter(Boolean);
    return entries.filter((e) => {
      if (employeeNumber && e.employeeNumber !== employeeNumber) return false;
      if (words.length === 0) return true;
      const haystack = foldForSearch(`${e.action} ${e.operator} ${e.summary} ${e.employeeNumber ?? ''} ${e.stationName}`);
      return words.every((w) => haystack.includes(w));
    });
  };

  return {
    check,

    async list(query: { employeeNumber?: string | undefined; text: string; limit: number }): Promise<AuditPage> {
      const found = matching(deps.store.data.audit.toArray(), query.employeeNumber, query.text);
      // A person's History does not wait for a whole-trail check still running from start: it gets what is known so far.
      const chain = query.employeeNumber && running ? checkedSoFar() : await check();
      return { entries: found.slice(-query.limit).reverse(), total: found.length, chain };
    },

    async export({ format }: { format: 'csv' | 'bundle' }): Promise<AuditExport> {
      const { audit, auditKey, sync } = deps.store.data;
      const stamp = deps.now().toISOString().replace(/[:.]/g, '-');
      const base = `audit-${deps.station.name.replace(/[^A-Za-z0-9_-]+/g, '-')}-${stamp}`;
      if (format === 'csv') {
        const rows = audit.toArray().map((e) => CSV_COLUMNS.map((c) => csvCell(e[c])).join(','));
        return { fileName: `${base}.csv`, mediaType: 'text/csv', content: [CSV_COLUMNS.join(','), ...rows].join('\r\n') + '\r\n' };
      }
      const body: Omit<AuditBundle, 'bundleHash' | 'signature'> = {
        format: AUDIT_BUNDLE_FORMAT,
        stationId: deps.station.id,
        stationName: deps.station.name,
        publicKey: auditKey.publicKey,
        exportedAt: deps.now().toISOString(),
        exportedBy: deps.actor().name,
        acknowledgedHead: sync.auditAcked,
        entries: audit.toArray(),
      };
      const bundleHash = sha256Hex(canonicalJson(body));
      const bundle: AuditBundle = { ...body, bundleHash, signature: nodeEd25519.sign(bundleHash, auditKey.secretKey) };
      return { fileName: `${base}.json`, mediaType: 'application/json', content: JSON.stringify(bundle, null, 1) };
    },
  };
}

/** RFC 4180 quoting, and a leading apostrophe so a spreadsheet never runs a cell as a formula. */
function csvCell(value: string | number | undefined): string {
  if (value === undefined) return '';
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export type AuditService = ReturnType<typeof createAuditService>;
