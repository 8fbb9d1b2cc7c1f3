/**
 * Advisory lock keys (`pg_advisory_xact_lock(namespace, key)`), all transaction-scoped.
 * Lock order, to stay deadlock-free: a station row (FOR UPDATE) → identity keys (sorted) →
 * review/applicant rows → the feed lock last, just before COMMIT.
 */
const NAMESPACE = 7300;

export const LOCKS = {
  migrations: [NAMESPACE, 0],
  /** Held from the first feed insert until COMMIT: feed positions are handed out in commit order. */
  feed: [NAMESPACE, 1],
  /** Employee Number block allocation, one at a time. */
  leases: [NAMESPACE, 2],
} as const satisfies Record<string, readonly [number, number]>;

/** Namespace for per-identity-key locks: `pg_advisory_xact_lock(IDENTITY_NAMESPACE, <32-bit hash of the key>)`. */
export const IDENTITY_NAMESPACE = 7301;
