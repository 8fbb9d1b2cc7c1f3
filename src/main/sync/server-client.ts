import { z } from 'zod';
import type { SyncProblem } from '../../shared/contract/sync';
import { CredentialResponse, InvitationResponse, type InvitationRequest, type StatusChangeRequest } from '../../shared/contract/mobile-protocol';
import { AuditHeadResponse, OPERATOR_HEADER, type AuditPushRequest } from '../../shared/contract/operator-protocol';
import {
  LeaseResponse,
  FeedEntry,
  PullResponse,
  PushResponse,
  RegisterResponse,
  ServerErrorBody,
  type LeaseRequest,
  type OutboxEntry,
  type RegisterRequest,
  type ServerErrorCode,
} from '../../shared/contract/server-protocol';
import { measureClockOffset } from '../../shared/domain/server-clock';

/** A failed call to the central server, sorted into what the station does about it. */
export class SyncFailure extends Error {
  constructor(
    readonly problem: SyncProblem,
    message: string,
    readonly code?: ServerErrorCode,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'SyncFailure';
  }
}

export interface Timed<T> {
  body: T;
  /** Server time minus station time, from the answer's serverTime and the call's midpoint. */
  clockOffsetMs: number;
}

const CALL_TIMEOUT_MS = 15_000;
/** The server may be waiting on HID Origo (two calls of up to 15 s each, retries included). */
const PROVIDER_CALL_TIMEOUT_MS = 45_000;

/** The feed page's frame, read before its entries (each entry is parsed on its own). */
const PullEnvelope = PullResponse.extend({ changes: z.array(z.unknown()) });

/** A feed entry this station could not read: passed over, and recorded for review. */
export interface UnreadableFeedEntry {
  serverSeq: number | undefined;
  kind: string | undefined;
  problem: string;
}

export type PullPage = PullResponse & { unreadable: UnreadableFeedEntry[] };

/**
 * The station's HTTP client for the server's `/v1` API. Every answer is parsed with
 * the protocol schema; anything else is a `SyncFailure` with a plain-words message.
 * The station secret goes only in the Authorization header, never in a message.
 */
export class ServerClient {
  constructor(
    readonly baseUrl: string,
    private readonly credential: { stationId: string; secret: string } | undefined,
    /** The signed-in operator's certificate fingerprint, sent with every call made on their behalf. */
    private readonly certificateFingerprint: () => string | undefined = () => undefined,
    /** The station's clock: offsets are measured against the clock the station records times with. */
    private readonly clock: () => number = Date.now,
  ) {}

  register(request: RegisterRequest): Promise<Timed<RegisterResponse>> {
    return this.call('POST', '/v1/stations/register', RegisterResponse, { body: request, auth: false });
  }

  push(mutations: OutboxEntry[]): Promise<Timed<PushResponse>> {
    return this.call('POST', '/v1/sync/push', PushResponse, { body: { mutations } });
  }

  /**
   * One page of the feed. Each entry is parsed on its own: one the station cannot read
   * (written under older rules, or by a newer server) is returned in `unreadable` and
   * passed over — the cursor still moves past it — instead of stopping every later sync.
   */
  async pull(after: number, options: { limit?: number; wait?: number; signal?: AbortSignal; outbox?: number } = {}): Promise<Timed<PullPage>> {
    const query = new URLSearchParams({ after: String(after), limit: String(options.limit ?? 500), wait: String(options.wait ?? 0) });
    // How many changes are still waiting here: shown to administrators (Station › Administration › Stations).
    if (options.outbox !== undefined) query.set('outbox', String(options.outbox));
    const answer = await this.call('GET', `/v1/sync/changes?${query}`, PullEnvelope, {
      timeoutMs: CALL_TIMEOUT_MS + (options.wait ?? 0) * 1000,
      ...(options.signal ? { signal: options.signal } : {}),
    });
    const changes: FeedEntry[] = [];
    const unreadable: UnreadableFeedEntry[] = [];
    for (const raw of answer.body.changes) {
      const entry = FeedEntry.safeParse(raw);
      if (entry.success) {
        changes.push(entry.data);
      } else {
        const { serverSeq, change } = (raw ?? {}) as { serverSeq?: unknown; change?: { kind?: unknown } };
        unreadable.push({
          serverSeq: typeof serverSeq === 'number' ? serverSeq : undefined,
          kind: typeof change?.kind === 'string' ? change.kind.slice(0, 60) : undefined,
          problem: describeIssue(entry.error),
        });
      }
    }
    return { ...answer, body: { ...answer.body, changes, unreadable } };
  }

  lease(request: LeaseRequest): Promise<Timed<LeaseResponse>> {
    return this.call('POST', '/v1/sync/employee-number-blocks', LeaseResponse, { body: request });
  }

  invite(request: InvitationRequest): Promise<Timed<InvitationResponse>> {
    return this.call('POST', '/v1/invitations', InvitationResponse, { body: request, timeoutMs: PROVIDER_CALL_TIMEOUT_MS });
  }

  setCredentialStatus(credentialId: string, request: StatusChangeRequest): Promise<Timed<CredentialResponse>> {
    return this.call('POST', `/v1/credentials/${encodeURIComponent(credentialId)}/status`, CredentialResponse, { body: request, timeoutMs: PROVIDER_CALL_TIMEOUT_MS });
  }

  pushAudit(request: AuditPushRequest): Promise<Timed<AuditHeadResponse>> {
    return this.call('POST', '/v1/audit/entries', AuditHeadResponse, { body: request });
  }

  /**
   * An administration request as this station, for its signed-in operator (`X-Operator`):
   * the server checks the operator's roles (src/main/admin). The answer is parsed with `schema`.
   */
  async admin<S extends z.ZodType>(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, schema: S, body?: unknown): Promise<z.output<S>> {
    return (await this.call(method, path, schema, body === undefined ? {} : { body })).body;
  }

  private async call<S extends z.ZodType>(
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    path: string,
    schema: S,
    options: { body?: unknown; auth?: boolean; timeoutMs?: number; signal?: AbortSignal },
  ): Promise<Timed<z.output<S>>> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    if (options.auth !== false) {
      if (!this.credential) throw new SyncFailure('unauthorized', 'This station is not registered with a server.');
      headers.authorization = `Bearer ${this.credential.stationId}.${this.credential.secret}`;
      const fingerprint = this.certificateFingerprint();
      if (fingerprint) headers[OPERATOR_HEADER] = fingerprint;
    }
    const timeout = AbortSignal.timeout(options.timeoutMs ?? CALL_TIMEOUT_MS);
    const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
    const sentAt = this.clock();
    let response: Response;
    try {
      response = await fetch(new URL(path, this.baseUrl), {
        method,
        headers,
        signal,
        ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
      });
    } catch (error) {
      if (options.signal?.aborted) throw error;
      const why = timeout.aborted ? 'did not answer in time' : 'could not be reached';
      throw new SyncFailure('unreachable', `The central server at ${this.baseUrl} ${why}.`);
    }
    const text = await response.text().catch(() => '');
    const receivedAt = this.clock();
    const json = parseJson(text);
    if (!response.ok) throw failureFrom(response.status, json, this.baseUrl);
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      throw new SyncFailure('bad-response', `The central server at ${this.baseUrl} answered something this station cannot read (${describeIssue(parsed.error)}). Check that the server address is right and that station and server versions match.`);
    }
    return { body: parsed.data, clockOffsetMs: measureClockOffset((parsed.data as { serverTime?: string }).serverTime, sentAt, receivedAt) };
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  return issue ? `${issue.path.join('.') || 'body'}: ${issue.message}` : 'unexpected content';
}

function failureFrom(status: number, json: unknown, baseUrl: string): SyncFailure {
  const body = ServerErrorBody.safeParse(json);
  const error = body.success ? body.data.error : undefined;
  const message = error?.message ?? `The central server at ${baseUrl} answered HTTP ${status}.`;
  if (status === 401) return new SyncFailure('unauthorized', message, error?.code, error?.details);
  if (status === 403 && (!error || error.code === 'STATION_REVOKED')) return new SyncFailure('revoked', message, error?.code, error?.details);
  if (status >= 500 || !error) return new SyncFailure('server-error', message, error?.code, error?.details);
  return new SyncFailure('rejected', message, error.code, error.details);
}
