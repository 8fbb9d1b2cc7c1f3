import { randomUUID } from 'node:crypto';
import type { Logger } from '../../node/logger';
import { StationError } from '../../shared/contract/errors';
import type { RegisterStationInput, SyncProblem, SyncStatus } from '../../shared/contract/sync';
import { MAX_AUDIT_BATCH } from '../../shared/contract/operator-protocol';
import { AUDIT_REFUSALS, MAX_PUSH_BATCH } from '../../shared/contract/server-protocol';
import { addBlock, remainingNumbers } from '../../shared/domain/employee-number';
import type { StationEvents } from '../events';
import type { Change } from '../store/changes';
import type { StationStore } from '../store/station-store';
import type { AuditTrail } from '../audit/audit-trail';
import { changesFromFeed, changesFromPush, feedFindings } from './remote-changes';
import { ServerClient, SyncFailure } from './server-client';

export interface SyncSettings {
  /** Employee Numbers asked for at a time, and the number left below which the station asks. */
  blockSize: number;
  refillBelow: number;
  /** How long one pull waits at the server for news before asking again. */
  longPollSeconds: number;
  /** Retry delays after a failure: doubling from `firstRetryMs` up to `maxRetryMs`, with jitter. */
  firstRetryMs: number;
  maxRetryMs: number;
}

export interface SyncEngineDeps {
  store: StationStore;
  events: StationEvents;
  station: { id: string; name: string };
  now: () => Date;
  settings: SyncSettings;
  /** The signed-in operator's certificate fingerprint, named on online calls. */
  operatorFingerprint?: () => string | undefined;
  /** Records feed entries that break the station's rules for review (the person's History). */
  audit?: AuditTrail;
  /** The station's log: every failure with its reason (never the station's secret). */
  log?: Logger;
}

type State = SyncStatus['state'];
/** Persist "last successful sync" at most this often when nothing else is written. */
const LAST_SUCCESS_PERSIST_MS = 60_000;
/** Feed entries asked for per pull (the server's most; it also stops a page at 1 MiB): fewer round trips when a station catches up. */
const PULL_PAGE = 1_000;
/** Persist "registry current as of" at most this often when the feed brings nothing new. */
const REGISTRY_PERSIST_MS = 5 * 60_000;
/** A measured clock offset further than this from the saved one is saved at once. */
const CLOCK_PERSIST_MS = 2_000;
/** Who flags feed entries for review in the audit trail: the sync itself, not an operator. */
const FEED_REVIEWER = { name: 'Sync with the central server' };

/**
 * The station's side of sync: pushes the outbox in order, keeps a supply of
 * Employee Numbers, pulls the server's change feed, and long-polls for news while
 * idle. It runs by itself once the station is registered, backs off while the server
 * cannot be reached and resumes as soon as it answers. Work on the station never
 * waits for it: every local change is saved first, with its outbox entry.
 */
export class SyncEngine {
  private state: State;
  private lastAttemptAt: string | null = null;
  private nextAttemptAt: string | null = null;
  private lastError: SyncStatus['lastError'] = null;
  private lastRefusal: SyncStatus['lastRefusal'] = null;
  private auditProblem: string | null = null;
  private lastSuccessAt: string | null;
  private clockOffsetMs: number | null;
  private failures = 0;
  private running = false;
  private loop: Promise<void> | undefined;
  private wakeUp: (() => void) | undefined;
  private wakePending = false;
  private longPoll: AbortController | undefined;
  private cycleWaiters: (() => void)[] = [];
  private readonly stopListening: () => void;

  constructor(private readonly deps: SyncEngineDeps) {
    const { sync } = deps.store.data;
    this.state = sync.server ? 'syncing' : 'not-registered';
    this.lastSuccessAt = sync.lastSuccessAt;
    this.clockOffsetMs = sync.clockOffsetMs;
    this.stopListening = deps.store.onCommitted((changes) => this.onCommitted(changes));
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.stopListening();
    this.wake();
    await this.loop;
    for (const resolve of this.cycleWaiters.splice(0)) resolve();
  }

  status(): SyncStatus {
    const { outbox, sync, employeeNumbers, reviews } = this.deps.store.data;
    return {
      state: this.state,
      serverUrl: sync.server?.url ?? null,
      waiting: outbox.length,
      lastSuccessAt: this.lastSuccessAt,
      lastAttemptAt: this.lastAttemptAt,
      nextAttemptAt: this.state === 'offline' ? this.nextAttemptAt : null,
      lastError: this.lastError,
      clockOffsetMs: this.clockOffsetMs,
      employeeNumbersLeft: remainingNumbers(employeeNumbers),
      openReviews: reviews.filter((r) => r.status === 'open').length,
      lastRefusal: this.lastRefusal,
      auditProblem: this.auditProblem,
    };
  }

  /** Tries now (skipping any back-off) and answers once that attempt has finished. */
  async syncNow(): Promise<SyncStatus> {
    if (!this.deps.store.data.sync.server || !this.running) return this.status();
    const done = new Promise<void>((resolve) => this.cycleWaiters.push(resolve));
    this.failures = 0;
    this.wake();
    await done;
    return this.status();
  }

  /** Exchanges a one-time station enrollment token for this station's own credential. */
  async register(input: RegisterStationInput): Promise<SyncStatus> {
    const { store, station } = this.deps;
    if (store.data.sync.server) {
      throw new StationError('ALREADY_REGISTERED', `This station is already registered with ${store.data.sync.server.url}.`);
    }
    const enrolledHere = store.data.applicants.filter((a) => a.stationId === station.id).length;
    if (enrolledHere > 0) {
      throw new StationError(
        'REGISTRATION_REFUSED',
        `This station has already enrolled ${enrolledHere} applicant(s) on its own, with Employee Numbers the server did not issue. Register a new station before enrolling anyone; to bring these records over, contact support.`,
      );
    }
    const client = new ServerClient(input.serverUrl, undefined, undefined, () => this.deps.now().getTime());
    let answer;
    try {
      answer = await client.register({ token: input.token, stationId: station.id, stationName: station.name });
    } catch (error) {
      if (!(error instanceof SyncFailure)) throw error;
      if (error.problem === 'unreachable') throw new StationError('SERVER_UNREACHABLE', `${error.message} Check the server address and the network, then try again.`);
      throw new StationError('REGISTRATION_REFUSED', `The server refused the registration: ${error.message}`, error.code ? { code: error.code } : undefined);
    }
    const registeredAt = this.deps.now().toISOString();
    await store.commit((doc) => [
      { kind: 'sync.updated', patch: { server: { url: input.serverUrl, secret: answer.body.secret, registeredAt }, clockOffsetMs: answer.clockOffsetMs } },
      // From now on Employee Numbers come only from blocks the server leases (asked for at once).
      { kind: 'employee-numbers.set', allocator: { range: doc.employeeNumbers.range, lastIssued: doc.employeeNumbers.range.last, next: [] } },
    ]);
    this.clockOffsetMs = answer.clockOffsetMs;
    this.setState('syncing');
    return this.syncNow();
  }

  private async run(): Promise<void> {
    while (this.running) {
      if (!this.deps.store.data.sync.server) {
        this.wakePending = false;
        await this.sleep(Number.POSITIVE_INFINITY);
        continue;
      }
      try {
        await this.cycle();
        this.succeeded();
        await this.waitForNews();
      } catch (error) {
        if (!this.running) break;
        await this.failed(error);
      }
    }
  }

  /** Push everything waiting, keep enough Employee Numbers, pull until caught up. */
  private async cycle(): Promise<void> {
    this.wakePending = false;
    this.lastAttemptAt = this.deps.now().toISOString();
    // Retries while offline keep saying Offline: the chip must not flicker with every attempt.
    if (this.state === 'online' && this.deps.store.data.outbox.length > 0) this.setState('syncing');
    const client = this.client();
    await this.pushAll(client);
    await this.pushAudit(client);
    await this.topUpNumbers(client);
    let more = true;
    while (more && this.running) more = await this.pullOnce(client, 0);
  }

  private async pushAll(client: ServerClient): Promise<void> {
    for (;;) {
      const batch = this.deps.store.data.outbox.slice(0, MAX_PUSH_BATCH);
      if (batch.length === 0 || !this.running) return;
      const answer = await client.push(batch);
      this.clockOffsetMs = answer.clockOffsetMs;
      const changes = changesFromPush(answer.body.results);
      for (const result of answer.body.results) {
        if (result.outcome === 'refused') this.lastRefusal = { message: `The server refused a change: ${result.refusal?.message ?? 'no reason given'}`, at: this.deps.now().toISOString() };
      }
      // The server may already hold entries whose answers were lost: its lastAppliedSeq acknowledges them too.
      const acknowledged = Math.min(answer.body.lastAppliedSeq, batch.at(-1)!.seq);
      changes.push({ kind: 'outbox.acknowledged', throughSeq: acknowledged });
      await this.deps.store.commit(() => [...changes, { kind: 'sync.updated', patch: { clockOffsetMs: answer.clockOffsetMs } }]);
    }
  }

  /**
   * Delivers the audit chain after the server's head. A chain the server refuses does not
   * stop sync: the refusal is shown on the Sync page, and the entries stay here.
   */
  private async pushAudit(client: ServerClient): Promise<void> {
    const { store } = this.deps;
    for (;;) {
      const after = store.data.sync.auditAcked?.seq ?? 0;
      const entries = store.data.audit.after(after, MAX_AUDIT_BATCH);
      if (entries.length === 0 || !this.running) return;
      try {
        const answer = await client.pushAudit({ publicKey: store.data.auditKey.publicKey, entries });
        this.auditProblem = null;
        const head = answer.body.head;
        if (head) await store.commit(() => [{ kind: 'sync.updated', patch: { auditAcked: head } }]);
        if (!head || head.seq < entries.at(-1)!.seq) return; // the server stopped short: try again next cycle
      } catch (error) {
        if (!(error instanceof SyncFailure) || !(error.code && AUDIT_REFUSALS.has(error.code))) throw error;
        this.auditProblem = `The central server refused this station's audit trail: ${error.message}`;
        return;
      }
    }
  }

  private async topUpNumbers(client: ServerClient): Promise<void> {
    const { store, settings } = this.deps;
    const left = remainingNumbers(store.data.employeeNumbers);
    if (left > 0 && left >= settings.refillBelow) return;
    // The request id is saved before asking, so a retry after a lost answer gets the same block.
    let requestId = store.data.sync.pendingLeaseId;
    if (!requestId) {
      const id = randomUUID();
      await store.commit(() => [{ kind: 'sync.updated', patch: { pendingLeaseId: id } }]);
      requestId = id;
    }
    const answer = await client.lease({ requestId, size: settings.blockSize });
    await store.commit((doc) => [
      { kind: 'employee-numbers.set', allocator: addBlock(doc.employeeNumbers, answer.body.block) },
      { kind: 'sync.updated', patch: { pendingLeaseId: null, clockOffsetMs: answer.clockOffsetMs } },
    ]);
  }

  /** One page of the server's feed; true when there is more to read at once. */
  private async pullOnce(client: ServerClient, wait: number, signal?: AbortSignal): Promise<boolean> {
    const answer = await client.pull(this.deps.store.data.sync.cursor, { limit: PULL_PAGE, wait, outbox: this.deps.store.data.outbox.length, ...(signal ? { signal } : {}) });
    this.clockOffsetMs = answer.clockOffsetMs;
    const { changes, cursor, hasMore, unreadable } = answer.body;
    if (changes.length > 0 || cursor !== this.deps.store.data.sync.cursor) {
      const findings = feedFindings(changes, unreadable);
      const at = this.deps.now().toISOString();
      await this.deps.store.commit((doc) => [
        ...changesFromFeed(changes),
        ...(findings.length > 0 && this.deps.audit ? this.deps.audit.changes(doc, findings, at, FEED_REVIEWER) : []),
        { kind: 'sync.updated', patch: { cursor, clockOffsetMs: answer.clockOffsetMs, registryCheckedAt: answer.body.serverTime } },
      ]);
    } else {
      // Nothing new, but the registry is known current at this server time (the 24-hour
      // sign-in rule), and a station clock that jumped must be corrected at once.
      const { registryCheckedAt, clockOffsetMs } = this.deps.store.data.sync;
      const registryAge = Date.parse(answer.body.serverTime) - Date.parse(registryCheckedAt ?? '1970-01-01T00:00:00Z');
      const clockMoved = Math.abs(answer.clockOffsetMs - (clockOffsetMs ?? 0)) > CLOCK_PERSIST_MS;
      if (registryAge > REGISTRY_PERSIST_MS || clockMoved) {
        await this.deps.store.commit(() => [{ kind: 'sync.updated', patch: { registryCheckedAt: answer.body.serverTime, clockOffsetMs: answer.clockOffsetMs } }]);
      }
    }
    return hasMore;
  }

  /** Idle: a long poll that the server answers as soon as anything changes, cut short by local work. */
  private async waitForNews(): Promise<void> {
    if (!this.running || this.wakePending) return;
    this.longPoll = new AbortController();
    try {
      await this.pullOnce(this.client(), this.deps.settings.longPollSeconds, this.longPoll.signal);
    } catch (error) {
      if (!this.longPoll.signal.aborted) throw error;
    } finally {
      this.longPoll = undefined;
    }
  }

  private succeeded(): void {
    if (this.failures > 0) this.deps.log?.info({ failures: this.failures }, 'sync is working again');
    this.failures = 0;
    this.lastError = null;
    const now = this.deps.now();
    const persisted = this.deps.store.data.sync.lastSuccessAt;
    this.lastSuccessAt = now.toISOString();
    if (!persisted || now.getTime() - Date.parse(persisted) > LAST_SUCCESS_PERSIST_MS) {
      void this.deps.store.commit(() => [{ kind: 'sync.updated', patch: { lastSuccessAt: this.lastSuccessAt } }]).catch(() => undefined);
    }
    this.setState('online', true); // also when already online: "last sync" moved
    for (const resolve of this.cycleWaiters.splice(0)) resolve();
  }

  private async failed(error: unknown): Promise<void> {
    const failure = error instanceof SyncFailure ? error : undefined;
    const problem: SyncProblem = failure?.problem ?? 'server-error';
    const message = failure?.message ?? (error instanceof StationError ? error.message : 'Sync stopped on an unexpected error; it will try again.');
    this.failures += 1;
    const ceiling = Math.min(this.deps.settings.maxRetryMs, this.deps.settings.firstRetryMs * 2 ** (this.failures - 1));
    const delay = Math.round(ceiling * (0.5 + Math.random() * 0.5));
    const at = this.deps.now();
    this.lastError = { problem, message, at: at.toISOString() };
    this.nextAttemptAt = new Date(at.getTime() + delay).toISOString();
    const fields = { problem, code: failure?.code, reason: message, failures: this.failures, retryInMs: delay };
    // Expected failures (offline, refused) as warnings; anything else with its stack, since the status only says "unexpected".
    if (failure || error instanceof StationError) this.deps.log?.warn(fields, 'sync failed');
    else this.deps.log?.error({ ...fields, err: error }, 'sync failed on an unexpected error');
    this.setState('offline', true);
    for (const resolve of this.cycleWaiters.splice(0)) resolve();
    await this.sleep(delay);
  }

  private onCommitted(changes: readonly Change[]): void {
    let outbox = false;
    let reviews = false;
    for (const change of changes) {
      if (change.kind === 'outbox.enqueued') {
        outbox = true;
        // Something new to push: cut the long poll short. While offline the back-off decides.
        if (this.state !== 'offline') this.wake();
      } else if (change.kind === 'outbox.acknowledged') outbox = true;
      else if (change.kind === 'review.upserted') reviews = true;
    }
    if (outbox) this.emitStatus();
    if (reviews) this.deps.events.emit('reviews:changed', { openReviews: this.status().openReviews });
  }

  /** A client for calls that need the server now (mobile invitations); undefined when not registered. */
  serverClient(): ServerClient | undefined {
    return this.deps.store.data.sync.server ? this.client() : undefined;
  }

  private client(): ServerClient {
    const server = this.deps.store.data.sync.server;
    if (!server) throw new SyncFailure('unauthorized', 'This station is not registered with a server.');
    return new ServerClient(server.url, { stationId: this.deps.station.id, secret: server.secret }, this.deps.operatorFingerprint, () => this.deps.now().getTime());
  }

  private setState(state: State, force = false): void {
    if (state === this.state && !force) return;
    this.state = state;
    this.emitStatus();
  }

  private emitStatus(): void {
    this.deps.events.emit('sync:status-changed', this.status());
  }

  private wake(): void {
    this.wakePending = true;
    this.longPoll?.abort();
    this.wakeUp?.();
  }

  private sleep(ms: number): Promise<void> {
    if (this.wakePending || !this.running) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = Number.isFinite(ms) ? setTimeout(done, ms) : undefined;
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakeUp = () => {
        this.wakeUp = undefined;
        done();
      };
    });
  }
}
