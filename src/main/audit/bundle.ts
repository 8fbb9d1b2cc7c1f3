import { z } from 'zod';
import { AuditEntry, ChainHeadSchema, verifyAuditChain, type AuditFinding } from '../../shared/domain/audit-chain';
import { canonicalJson } from '../../shared/domain/canonical-json';
import { nodeEd25519, sha256Hex } from '../../node/crypto';

export const AUDIT_BUNDLE_FORMAT = 'enrollment-station/audit-bundle-1';

/**
 * What Audit › Export signed bundle writes: the station's whole chain, its public key,
 * the head the server acknowledged, and a signature over all of it. An auditor checks it
 * with `npm run audit-verify -- FILE --public-key HEX`, taking the key from the server
 * (`server-admin audit-export`), not from the file alone.
 */
export const AuditBundle = z.strictObject({
  format: z.literal(AUDIT_BUNDLE_FORMAT),
  stationId: z.string(),
  stationName: z.string(),
  publicKey: z.string().regex(/^[0-9a-f]{64}$/),
  exportedAt: z.iso.datetime(),
  exportedBy: z.string(),
  acknowledgedHead: ChainHeadSchema.nullable(),
  entries: z.array(z.unknown()),
  bundleHash: z.string().regex(/^[0-9a-f]{64}$/),
  signature: z.string().regex(/^[0-9a-f]{128}$/),
});
export type AuditBundle = Omit<z.infer<typeof AuditBundle>, 'entries'> & { entries: AuditEntry[] };

/** The server's export of one station's chain (`server-admin audit-export`). */
export const ServerAuditExport = z.object({
  stationId: z.string(),
  publicKey: z.string().regex(/^[0-9a-f]{64}$/).nullable(),
  head: ChainHeadSchema.nullable(),
  entries: z.array(z.unknown()),
});

export interface BundleVerdict {
  ok: boolean;
  stationId: string;
  entries: number;
  head: { seq: number; hash: string } | null;
  findings: AuditFinding[];
}

/**
 * Checks a bundle (or the server's export): every entry's hash, link and signature, the
 * bundle's own signature, the key against one the auditor trusts, and that the chain
 * reaches the head the server acknowledged (`expectHead`, or the one in the file).
 */
export function verifyBundle(json: unknown, options: { publicKey?: string; expectHead?: { seq: number; hash: string } } = {}): BundleVerdict {
  const findings: AuditFinding[] = [];
  const bundle = AuditBundle.safeParse(json);
  const server = bundle.success ? undefined : ServerAuditExport.safeParse(json);
  if (!bundle.success && !server?.success) {
    return { ok: false, stationId: '?', entries: 0, head: null, findings: [{ seq: null, problem: 'malformed', message: 'This file is not an audit bundle or a server audit export.' }] };
  }
  const stationId = bundle.success ? bundle.data.stationId : server!.data!.stationId;
  const entries = bundle.success ? bundle.data.entries : server!.data!.entries;
  const publicKey = bundle.success ? bundle.data.publicKey : (server!.data!.publicKey ?? '');
  if (options.publicKey && options.publicKey.toLowerCase() !== publicKey) {
    findings.push({ seq: null, problem: 'bad-signature', message: `The file's station key ${publicKey} is not the key you trust (${options.publicKey}).` });
  }
  if (bundle.success) {
    const { bundleHash, signature, ...body } = bundle.data;
    if (sha256Hex(canonicalJson(body)) !== bundleHash || !nodeEd25519.verify(signature, bundleHash, publicKey)) {
      findings.push({ seq: null, problem: 'bad-signature', message: 'The bundle was changed after the station signed it.' });
    }
  }
  const acknowledged = options.expectHead ?? (bundle.success ? bundle.data.acknowledgedHead : server!.data!.head) ?? undefined;
  const chain = verifyAuditChain(entries, { publicKey, stationId, ed25519: nodeEd25519, ...(acknowledged ? { acknowledgedHead: acknowledged } : {}) });
  findings.push(...chain.findings);
  return { ok: findings.length === 0, stationId, entries: entries.length, head: chain.head, findings };
}
