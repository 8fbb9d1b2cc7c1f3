/**
 * Advisory lock keys (`pg_advisory_xact_lock(namespace, key)`), all transaction-scoped.
 * Lock order, to stay deadlock-free: a station row (FOR UPDATE) → identity keys (sorted) →
 * review/applicant rows → the feed lock last, just before COMMIT. Mobile credentials:
 * throttle subjects (the phone's, then the source's) → the mobile credential row → its
 * invitation rows → the feed lock; a door challenge row → the mobile credential row → the feed.
 */
const NAMESPACE = 7300;

export const LOCKS = {
  migrations: [NAMESPACE, 0],
  /** Held from the first feed insert until COMMIT: feed positions are handed out in commit order. */
  feed: [NAMESPACE, 1],
  /** Employee Number block allocation, one at a time. */
  leases: [NAMESPACE, 2],
  /** Operator registry changes, one at a time (then the feed lock, last). */
  registry: [NAMESPACE, 3],
} as const satisfies Record<string, readonly [number, number]>;

/** Namespace for per-identity-key locks: `pg_advisory_xact_lock(IDENTITY_NAMESPACE, <32-bit hash of the key>)`. */
export const IDENTITY_NAMESPACE = 7301;

/** Namespace for a station's audit chain: `pg_advisory_xact_lock(AUDIT_NAMESPACE, hashtext(<station id>))`. */
export const AUDIT_NAMESPACE = 7303;

/** Namespace for the redemption throttle: `pg_advisory_xact_lock(THROTTLE_NAMESPACE, hashtext(<subject>))`. */
export const THROTTLE_NAMESPACE = 7302;
