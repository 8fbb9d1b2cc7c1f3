import { createHash, randomBytes, X509Certificate } from 'node:crypto';
import type { SessionState, SignedInOperator } from '../../shared/contract/operators';
import { StationError } from '../../shared/contract/errors';
import { Action, can, type Action as ActionName } from '../../shared/domain/roles';
import { correctedClock } from '../../shared/domain/server-clock';
import type { Actor, AuditItem, AuditTrail } from '../audit/audit-trail';
import type { StationEvents } from '../events';
import type { PcscReaders } from '../reader/pcsc-readers';
import { readOperatorCard, signWithOperatorCard } from '../reader/operator-card';
import type { StationStore } from '../store/station-store';
import { checkOperatorCertificate, verifyChallengeSignature } from './certificate-check';

export interface SessionServiceDeps {
  store: StationStore;
  readers: PcscReaders;
  events: StationEvents;
  audit: AuditTrail;
  /** The local account actions are recorded under before sign-in is configured. */
  localAccount: string;
  idleLockMinutes: number;
  /** The station's clock, uncorrected. */
  now: () => Date;
  /** How often idleness is checked (tests shorten it). */
  idleCheckMs?: number;
  /** The operator card in a reader: PC/SC by default. */
  card?: OperatorCardAccess;
}

/** What sign-in needs from the operator's card. */
export interface OperatorCardAccess {
  read(readerName: string): Promise<{ certificateDer: Buffer }>;
  sign(readerName: string, pin: Uint8Array, challenge: Buffer): Promise<{ certificateDer: Buffer; signature: Buffer }>;
}

const IDLE_CHECK_MS = 5_000;
const LOCKED = 'The station is locked. Sign in with your operator card first.';

/**
 * Who is at the kiosk. Sign-in is required once the organisation's registry (from the
 * server) names a CA; before that the station is in setup mode and acts as the local
 * account. Sign-in: read the certificate from the operator's card and check it (chain,
 * validity on the server's clock, a revocation list at most 24 h old) before any PIN is
 * tried, then the PIN and a fresh challenge signed by the card. The session ends when
 * that card leaves its reader, after `idleLockMinutes` without activity, when a registry
 * update revokes or disables the operator, or on Sign out. Each of these is audited.
 */
export function createSessionService(deps: SessionServiceDeps) {
  const card: OperatorCardAccess = deps.card ?? {
    read: (readerName) => readOperatorCard(deps.readers, readerName),
    sign: (readerName, pin, challenge) => signWithOperatorCard(deps.readers, readerName, pin, challenge),
  };
  let operator: SignedInOperator | null = null;
  let lockedBecause: SessionState['lockedBecause'] = 'start';
  let lastActivity = deps.now().getTime();
  const doc = () => deps.store.data;
  const serverNow = correctedClock(deps.now, () => doc().sync.clockOffsetMs);
  const configured = () => (doc().operatorRegistry?.caCertificates.length ?? 0) > 0;

  const state = (): SessionState => {
    const mode = !configured() ? 'setup' : operator ? 'signed-in' : 'locked';
    return {
      mode,
      operator: mode === 'signed-in' ? operator : null,
      lockedBecause: mode === 'locked' ? lockedBecause : null,
      allowed: mode === 'setup' ? [...Action.options] : mode === 'signed-in' ? Action.options.filter((a) => can(operator!.roles, a)) : [],
      idleLockMinutes: deps.idleLockMinutes,
      registryCheckedAt: doc().sync.registryCheckedAt,
    };
  };
  const announce = () => deps.events.emit('session:changed', state());

  const record = async (item: AuditItem, actor: Actor): Promise<void> => {
    const at = serverNow().toISOString();
    await deps.store.commit((d) => deps.audit.changes(d, [item], at, actor));
  };

  const end = async (why: NonNullable<SessionState['lockedBecause']>, words: string): Promise<void> => {
    const leaving = operator;
    if (!leaving) return;
    operator = null;
    lockedBecause = why;
    announce();
    await record({ action: 'operator.signed-out', summary: `${leaving.name} signed out: ${words}` }, { name: leaving.name, fingerprint: leaving.fingerprint }).catch(() => undefined);
  };

  const refused = async (code: StationError['code'], message: string, who: Actor, details?: Record<string, unknown>): Promise<never> => {
    await record({ action: 'operator.sign-in-failed', summary: `Sign-in refused: ${message}` }, who).catch(() => undefined);
    throw new StationError(code, message, details);
  };

  deps.readers.on('changed', (status) => {
    if (!operator) return;
    const reader = status.readers.find((r) => r.name === operator!.readerName);
    if (!reader?.cardPresent) void end('card-removed', 'operator card removed');
  });

  const idleTimer = setInterval(() => {
    if (operator && deps.now().getTime() - lastActivity > deps.idleLockMinutes * 60_000) {
      void end('idle', `no activity for ${deps.idleLockMinutes} minutes`);
    }
  }, deps.idleCheckMs ?? IDLE_CHECK_MS);
  idleTimer.unref();

  deps.store.onCommitted((changes) => {
    if (!changes.some((c) => c.kind === 'operator-registry.set')) return;
    const registry = doc().operatorRegistry;
    if (registry) {
      const summary = `Operator registry from the central server: ${registry.operators.length} operator(s), ${registry.caCertificates.length} trusted CA(s), ${registry.revokedCertificates.length} revoked certificate(s)`;
      void record({ action: 'configuration.changed', summary }, { name: 'Central server' }).catch(() => undefined);
    }
    if (operator) {
      const entry = registry?.operators.find((o) => o.fingerprint === operator!.fingerprint);
      const revoked = registry?.revokedCertificates.some((r) => r.fingerprint === operator!.fingerprint);
      if (!configured() || !entry || entry.disabled || revoked) {
        void end('signed-out', 'operator account changed by an administrator');
        return;
      }
      operator = { ...operator, roles: entry.roles, name: entry.name };
    }
    announce();
  });

  return {
    state,

    /** Who actions are recorded under; refuses while the kiosk is locked. */
    actor(): Actor {
      if (!configured()) return { name: deps.localAccount };
      if (!operator) throw new StationError('NOT_SIGNED_IN', LOCKED);
      return { name: operator.name, fingerprint: operator.fingerprint };
    },

    /** Main's guard: refuses what the signed-in operator's roles do not allow. */
    require(action: ActionName): void {
      if (!configured()) return;
      if (!operator) throw new StationError('NOT_SIGNED_IN', LOCKED);
      if (!can(operator.roles, action)) {
        throw new StationError('FORBIDDEN_ROLE', `Your roles (${operator.roles.join(', ')}) do not include this task.`, { action });
      }
    },

    requireSignedIn(): void {
      if (configured() && !operator) throw new StationError('NOT_SIGNED_IN', LOCKED);
    },

    async signIn({ readerName, pin }: { readerName: string; pin: string }): Promise<SessionState> {
      if (!configured()) return state();
      const registry = doc().operatorRegistry!;
      const { certificateDer } = await card.read(readerName);
      const check = checkOperatorCertificate(
        certificateDer,
        { caCertificates: registry.caCertificates, revokedCertificates: registry.revokedCertificates, checkedAt: doc().sync.registryCheckedAt },
        serverNow(),
      );
      if (!check.ok) {
        const code = check.code === 'SIGN_IN_NOT_CONFIGURED' ? 'CERT_UNTRUSTED' : check.code;
        return refused(code, check.message, cardHolder(certificateDer, readerName));
      }
      const who: Actor = { name: check.subject, fingerprint: check.fingerprint };
      const entry = registry.operators.find((o) => o.fingerprint === check.fingerprint);
      if (!entry || entry.disabled) {
        const why = entry?.disabled ? ' (account disabled)' : '';
        return refused('OPERATOR_NOT_REGISTERED', `${check.subject} is not registered as an operator${why}. Contact your system administrator.`, who);
      }
      const challenge = randomBytes(32);
      const pinBytes = Buffer.from(pin, 'ascii');
      let signed: { certificateDer: Buffer; signature: Buffer };
      try {
        signed = await card.sign(readerName, pinBytes, challenge);
      } catch (error) {
        if (error instanceof StationError && (error.code === 'PIN_INCORRECT' || error.code === 'PIN_BLOCKED')) {
          return refused(error.code, error.message, who, error.details);
        }
        throw error;
      } finally {
        pinBytes.fill(0);
      }
      if (!signed.certificateDer.equals(certificateDer) || !verifyChallengeSignature(certificateDer, challenge, signed.signature)) {
        return refused('SIGNATURE_INVALID', 'The card did not prove it holds the key of its certificate.', who);
      }
      operator = {
        fingerprint: check.fingerprint,
        name: entry.name,
        roles: entry.roles,
        certificateSubject: check.subject,
        certificateNotAfter: check.notAfter,
        readerName,
        signedInAt: serverNow().toISOString(),
      };
      lastActivity = deps.now().getTime();
      await record({ action: 'operator.signed-in', summary: `${entry.name} signed in with certificate ${check.subject} (roles: ${entry.roles.join(', ')}) at ${readerName}` }, who);
      announce();
      return state();
    },

    async signOut(): Promise<SessionState> {
      await end('signed-out', 'signed out');
      return state();
    },

    touch(): SessionState {
      lastActivity = deps.now().getTime();
      return state();
    },

    close(): void {
      clearInterval(idleTimer);
    },
  };
}

/** Who a refused card claims to be, for the audit trail: its certificate's CN and fingerprint when readable. */
function cardHolder(der: Buffer, readerName: string): Actor {
  try {
    const cn = /(?:^|\n)CN=([^\n]+)/.exec(new X509Certificate(der).subject)?.[1];
    return { name: cn ?? `Card in ${readerName}`, fingerprint: createHash('sha256').update(der).digest('hex') };
  } catch {
    return { name: `Card in ${readerName}` };
  }
}

export type SessionService = ReturnType<typeof createSessionService>;
