import { z } from 'zod';
import { createOrigoHttp, OrigoError, type OrigoConfig, type OrigoHttp, type OrigoLogger } from './origo-http';
import { mapOrigoCredentialStatus, type MappedCredentialStatus } from './origo-status';

/**
 * The HID Origo operations the server's `hid-origo` mobile provider needs
 * (docs/hid-origo-wire.md). The provider calls these and never sees HTTP, SCIM URNs or
 * tokens; every failure is an `OrigoError` (origo-http.ts) with words a clerk can read.
 */

const URN = {
  user: 'urn:ietf:params:scim:schemas:core:2.0:User',
  search: 'urn:ietf:params:scim:api:messages:2.0:SearchRequest',
  invitation: 'urn:hid:scim:api:ma:2.2:UserInvitation',
  container: 'urn:hid:scim:api:ma:2.2:CredentialContainer',
  credential: 'urn:hid:scim:api:ma:2.2:Credential',
  userAction: 'urn:hid:scim:api:ma:2.2:UserAction',
  partNumber: 'urn:hid:scim:api:ma:2.2:PartNumber',
} as const;

// ---- Origo's answers: loose about fields we do not use, strict about those we do ----

/** An ISO-8601 (or any Date-readable) time, normalised to `toISOString()`. */
const OrigoTime = z.string().transform((text, ctx) => {
  const at = new Date(text);
  if (Number.isNaN(at.getTime())) {
    ctx.addIssue({ code: 'custom', message: 'not a time' });
    return z.NEVER;
  }
  return at.toISOString();
});
const OptionalText = z.union([z.string(), z.number(), z.boolean()]).transform(String).optional().catch(undefined);

const OrigoCredentialWire = z.looseObject({
  id: z.number(),
  status: z.string(),
  partNumber: z.string().optional(),
  partnumberFriendlyName: OptionalText,
  cardNumber: OptionalText,
  credentialType: OptionalText,
});

const OrigoInvitationWire = z.looseObject({
  id: z.number(),
  invitationCode: z.string().optional(),
  status: z.string(),
  createdDate: OrigoTime,
  expirationDate: OrigoTime.optional(),
  [URN.credential]: z.array(OrigoCredentialWire).optional(),
});

const OrigoContainerWire = z.looseObject({
  id: z.number(),
  status: z.string().optional(),
  osVersion: OptionalText,
  secureElementType: OptionalText,
  manufacturer: OptionalText,
  model: OptionalText,
  applicationVersion: OptionalText,
  [URN.credential]: z.array(OrigoCredentialWire).optional(),
});

const OrigoUserWire = z.looseObject({
  id: z.number(),
  externalId: z.string().optional(),
  name: z.looseObject({ givenName: z.string().optional(), familyName: z.string().optional() }).optional(),
  status: z.string().optional(),
  [URN.invitation]: z.array(OrigoInvitationWire).optional(),
  [URN.container]: z.array(OrigoContainerWire).optional(),
});

const ListResponse = <T extends z.ZodType>(item: T) =>
  z.looseObject({ totalResults: z.number().optional(), Resources: z.array(item).optional().default([]) });

const InvitationAnswer = z.looseObject({
  [URN.invitation]: z.array(OrigoInvitationWire.extend({ invitationCode: z.string().min(1), expirationDate: OrigoTime })).min(1),
  [URN.credential]: z.array(OrigoCredentialWire).optional(),
});

const CredentialAnswer = z.looseObject({ [URN.credential]: z.array(OrigoCredentialWire).min(1) });

const PartNumberRef = z.looseObject({ meta: z.looseObject({ location: z.string() }) });
const PartNumberAnswer = z.looseObject({
  [URN.partNumber]: z.array(z.looseObject({ id: z.union([z.number(), z.string()]).optional(), partNumber: z.string(), friendlyName: OptionalText, availableQty: z.coerce.number().optional().catch(undefined) })).min(1),
});

const FilterAnswer = z.looseObject({ id: z.union([z.string(), z.number()]).transform(String) });
const CallbackWire = z.looseObject({ id: z.union([z.string(), z.number()]).transform(String), url: z.string(), filterId: z.union([z.string(), z.number()]).transform(String).optional() });
/** `GET /callback`: a bare array, or wrapped (`callbacks` / `Resources`) — accept each. */
const CallbackList = z.union([
  z.array(CallbackWire),
  z.looseObject({ callbacks: z.array(CallbackWire) }).transform((a) => a.callbacks),
  z.looseObject({ Resources: z.array(CallbackWire) }).transform((a) => a.Resources),
]);

const OrigoEventWire = z.looseObject({
  id: z.string(),
  type: z.string(),
  time: OrigoTime,
  subject: z.string().optional(),
  data: z.looseObject({ userId: z.union([z.number(), z.string()]).optional() }).optional(),
});
const EventsAnswer = z.looseObject({ events: z.array(OrigoEventWire) });

// ---- What the provider gets ----

export interface OrigoCredential {
  id: number;
  status: string;
  partNumber?: string;
  friendlyName?: string;
  cardNumber?: string;
  credentialType?: string;
}

export interface OrigoInvitation {
  id: number;
  invitationCode?: string;
  /** PENDING, ACKNOWLEDGED, EXPIRED, CANCELLED. */
  status: string;
  createdAt: string;
  expiresAt?: string;
  /** Listed on the invitation only where Origo does so (before redemption it often does not). */
  credentials: OrigoCredential[];
}

/** A phone (credential container) and what it reports about itself. */
export interface OrigoContainer {
  id: number;
  status?: string;
  osVersion?: string;
  secureElementType?: string;
  manufacturer?: string;
  model?: string;
  applicationVersion?: string;
  credentials: OrigoCredential[];
}

export interface OrigoUser {
  id: number;
  externalId?: string;
  givenName?: string;
  familyName?: string;
  status?: string;
  invitations: OrigoInvitation[];
  containers: OrigoContainer[];
}

export interface OrigoInviteResult {
  invitationId: number;
  invitationCode: string;
  createdAt: string;
  expiresAt: string;
  /**
   * The credential Origo assigned. Undefined only when the invitation's answer was lost and
   * the invitation was adopted from the user's record, which lists a credential only once it
   * is on a phone (getUser shows it after redemption).
   */
  credentialId: number | undefined;
  credentialStatus: string;
}

export interface OrigoEvent {
  id: string;
  type: string;
  userId: number | undefined;
  time: string;
}

export interface OrigoPartNumber {
  partNumber: string;
  friendlyName?: string;
  availableQty?: number;
}

export interface OrigoClient {
  ensureUser(person: { externalId: string; givenName: string; familyName: string; email?: string }): Promise<{ userId: number; created: boolean }>;
  invite(userId: number, partNumber: string): Promise<OrigoInviteResult>;
  getUser(userId: number): Promise<OrigoUser>;
  getCredential(credentialId: number): Promise<OrigoCredential>;
  suspendCredential(credentialId: number): Promise<OrigoCredential>;
  resumeCredential(credentialId: number): Promise<OrigoCredential>;
  revokeCredential(credentialId: number): Promise<void>;
  cancelInvitation(invitationId: number): Promise<void>;
  registerCallback(callback: { url: string; httpHeader: string; secret: string; eventTypes: readonly string[] }): Promise<{ callbackId: string }>;
  listEvents(from: Date, to: Date): Promise<OrigoEvent[]>;
  partNumbers(): Promise<OrigoPartNumber[]>;
}

function toCredential(wire: z.infer<typeof OrigoCredentialWire>): OrigoCredential {
  return {
    id: wire.id,
    status: wire.status,
    partNumber: wire.partNumber,
    friendlyName: wire.partnumberFriendlyName,
    cardNumber: wire.cardNumber,
    credentialType: wire.credentialType,
  };
}

function toUser(wire: z.infer<typeof OrigoUserWire>): OrigoUser {
  return {
    id: wire.id,
    externalId: wire.externalId,
    givenName: wire.name?.givenName,
    familyName: wire.name?.familyName,
    status: wire.status,
    invitations: (wire[URN.invitation] ?? []).map((i) => ({
      id: i.id,
      invitationCode: i.invitationCode,
      status: i.status,
      createdAt: i.createdDate,
      expiresAt: i.expirationDate,
      credentials: (i[URN.credential] ?? []).map(toCredential),
    })),
    containers: (wire[URN.container] ?? []).map((c) => ({
      id: c.id,
      status: c.status,
      osVersion: c.osVersion,
      secureElementType: c.secureElementType,
      manufacturer: c.manufacturer,
      model: c.model,
      applicationVersion: c.applicationVersion,
      credentials: (c[URN.credential] ?? []).map(toCredential),
    })),
  };
}

/** A SCIM filter's string literal: `"` and `\` escaped. */
function scimString(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** Builds the client from configuration, or from a transport (tests). */
export function createOrigoClient(config: OrigoConfig | { http: OrigoHttp }, logger?: OrigoLogger): OrigoClient {
  const http = 'http' in config ? config.http : createOrigoHttp(config, logger);

  async function findUser(externalId: string): Promise<number | undefined> {
    const list = await http.request({
      action: 'provision credential',
      base: 'api',
      method: 'POST',
      path: '/users/.search',
      body: { schemas: [URN.search], filter: `externalId eq ${scimString(externalId)}`, startIndex: 1, count: 20 },
      schema: ListResponse(OrigoUserWire),
    });
    // Exact match only (a search that matched loosely must not hand us someone else).
    return list.Resources.find((u) => u.externalId === externalId)?.id;
  }

  async function getUser(userId: number): Promise<OrigoUser> {
    const wire = await http.request({ action: 'read credential', base: 'api', method: 'GET', path: `/users/${userId}`, schema: OrigoUserWire });
    return toUser(wire);
  }

  async function getCredential(credentialId: number): Promise<OrigoCredential> {
    const answer = await http.request({ action: 'read credential', base: 'api', method: 'GET', path: `/credential/${credentialId}`, schema: CredentialAnswer });
    return toCredential(answer[URN.credential][0]!);
  }

  /**
   * Suspend, resume and revoke are safe to ask twice: a 409 (mutability) is what Origo says
   * when the credential is already where we want it — e.g. our first try was carried out but
   * its answer was lost, and the retry found it done. Then we read it, and if it is there,
   * that is success; otherwise the refusal stands.
   */
  async function idempotent<T>(credentialId: number, target: MappedCredentialStatus, call: () => Promise<T>, done: (c: OrigoCredential) => T): Promise<T> {
    try {
      return await call();
    } catch (error) {
      if (!(error instanceof OrigoError && error.kind === 'refused' && error.status === 409)) throw error;
      const now = await getCredential(credentialId);
      if (mapOrigoCredentialStatus(now.status) === target) return done(now);
      throw error;
    }
  }

  function credentialAction(action: 'suspend' | 'resume', credentialId: number): Promise<OrigoCredential> {
    return idempotent(
      credentialId,
      action === 'suspend' ? 'SUSPENDED' : 'ACTIVE',
      async () => {
        const answer = await http.request({
          action: `${action} credential`,
          base: 'api',
          method: 'POST',
          path: `/credential/${credentialId}/${action}`,
          schema: CredentialAnswer,
        });
        return toCredential(answer[URN.credential][0]!);
      },
      (credential) => credential,
    );
  }

  return {
    async ensureUser(person) {
      const found = await findUser(person.externalId);
      if (found !== undefined) return { userId: found, created: false };
      const body = {
        schemas: [URN.user],
        externalId: person.externalId,
        name: { givenName: person.givenName, familyName: person.familyName },
        emails: person.email ? [{ value: person.email, primary: true }] : [],
      };
      try {
        const created = await http.request({
          action: 'provision credential',
          base: 'api',
          method: 'POST',
          path: '/users',
          body,
          schema: OrigoUserWire,
          // The answer was lost: Origo may have created the user; look before creating again.
          beforeResend: async () => {
            const id = await findUser(person.externalId);
            return id === undefined ? undefined : { id };
          },
        });
        return { userId: created.id, created: true };
      } catch (error) {
        // Someone (or our own lost answer, on another call) created it in between: use that one.
        if (error instanceof OrigoError && error.kind === 'refused' && (error.status === 409 || error.scimType === 'uniqueness')) {
          const id = await findUser(person.externalId);
          if (id !== undefined) return { userId: id, created: false };
        }
        throw error;
      }
    },

    async invite(userId, partNumber) {
      // Origo's clock and ours may differ a little: an invitation "created since this call began" is
      // one created at most this long before our start. Two invitations for one person within
      // seconds of each other are one clerk's one action; adopting the earlier is harmless.
      const since = http.now().getTime() - 5_000;
      const answer = await http.request({
        action: 'provision credential',
        base: 'api',
        method: 'POST',
        path: `/users/${userId}/invitation`,
        body: {
          schemas: [URN.userAction],
          [URN.userAction]: { createInvitationCode: 'Y', sendInvitationEmail: 'N', assignCredential: 'Y', partNumber, credential: '' },
          meta: { resourceType: 'PACSUser' },
        },
        schema: InvitationAnswer,
        // The answer was lost after sending: adopt the invitation Origo made, never make a second.
        beforeResend: async () => {
          const user = await getUser(userId);
          const made = user.invitations
            .filter((i) => i.status === 'PENDING' && i.invitationCode && i.expiresAt && Date.parse(i.createdAt) >= since)
            .sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt))[0];
          if (!made) return undefined;
          return {
            [URN.invitation]: [{ id: made.id, invitationCode: made.invitationCode!, status: made.status, createdDate: made.createdAt, expirationDate: made.expiresAt! }],
            [URN.credential]: made.credentials.map((c) => ({ id: c.id, status: c.status, partNumber: c.partNumber })),
          } as z.infer<typeof InvitationAnswer>;
        },
      });
      const invitation = answer[URN.invitation][0]!;
      const credential = (answer[URN.credential] ?? []).find((c) => !c.partNumber || c.partNumber === partNumber) ?? answer[URN.credential]?.[0];
      return {
        invitationId: invitation.id,
        invitationCode: invitation.invitationCode,
        createdAt: invitation.createdDate,
        expiresAt: invitation.expirationDate,
        credentialId: credential?.id,
        credentialStatus: credential?.status ?? 'ISSUE_INITIATED',
      };
    },

    getUser,
    getCredential,

    suspendCredential: (id) => credentialAction('suspend', id),
    resumeCredential: (id) => credentialAction('resume', id),

    async revokeCredential(credentialId) {
      await idempotent(
        credentialId,
        'REVOKED',
        () => http.request({ action: 'revoke credential', base: 'api', method: 'DELETE', path: `/credential/${credentialId}` }),
        () => undefined,
      );
    },

    async cancelInvitation(invitationId) {
      await http.request({ action: 'cancel invitation', base: 'api', method: 'DELETE', path: `/invitation/${invitationId}` });
    },

    async registerCallback(callback) {
      const existing = await http.request({ action: 'register callback', base: 'events', method: 'GET', path: '/callback', schema: CallbackList });
      const same = existing.filter((c) => c.url === callback.url);
      // Origo never shows a callback's secret (nor, on the wire we know, its header or filter's
      // event types), so an existing callback for our URL may carry an old secret — after a
      // secret rotation deliveries would then be refused with 401 and lost. We cannot tell, so
      // we delete and recreate: registration happens once at start, and a second of missed
      // deliveries is covered by reconciliation (listEvents); a stale secret would not be.
      for (const old of same) {
        await http.request({ action: 'register callback', base: 'events', method: 'DELETE', path: `/callback/${encodeURIComponent(old.id)}` }).catch((error: unknown) => {
          // Gone already (another instance recreated it at the same moment): nothing to delete.
          if (!(error instanceof OrigoError && error.status === 404)) throw error;
        });
      }
      const filter = await http.request({
        action: 'register callback',
        base: 'events',
        method: 'POST',
        path: '/events/filter',
        body: { filterSet: [...callback.eventTypes] },
        schema: FilterAnswer,
      });
      const created = await http.request({
        action: 'register callback',
        base: 'events',
        method: 'POST',
        path: '/callback',
        body: { url: callback.url, filterId: filter.id, httpHeader: callback.httpHeader, secret: callback.secret },
        schema: CallbackWire,
        // Lost answer: a callback for our URL now may be ours; take it rather than make two.
        beforeResend: async () => {
          const now = await http.request({ action: 'register callback', base: 'events', method: 'GET', path: '/callback', schema: CallbackList });
          return now.find((c) => c.url === callback.url);
        },
      });
      return { callbackId: created.id };
    },

    async listEvents(from, to) {
      const answer = await http.request({
        action: 'read events',
        base: 'events',
        method: 'GET',
        path: '/events',
        query: { dateFrom: from.toISOString(), dateTo: to.toISOString() },
        schema: EventsAnswer,
      });
      return answer.events.map((e) => ({ id: e.id, type: e.type, userId: userIdOf(e.data?.userId, e.subject), time: e.time }));
    },

    async partNumbers() {
      const list = await http.request({ action: 'read part numbers', base: 'api', method: 'GET', path: '/part-number', schema: ListResponse(PartNumberRef) });
      const out: OrigoPartNumber[] = [];
      for (const ref of list.Resources) {
        const id = ref.meta.location.split('/').filter(Boolean).pop();
        if (!id) continue;
        const answer = await http.request({ action: 'read part numbers', base: 'api', method: 'GET', path: `/part-number/${encodeURIComponent(id)}`, schema: PartNumberAnswer });
        for (const p of answer[URN.partNumber]) out.push({ partNumber: p.partNumber, friendlyName: p.friendlyName, availableQty: p.availableQty });
      }
      return out;
    },
  };
}

/** `data.userId` (number or digits), else the subject's `users/{id}`. */
export function userIdOf(value: number | string | undefined, subject?: string): number | undefined {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
  if (typeof value === 'string' && /^\d{1,15}$/.test(value)) return Number(value);
  const match = subject?.match(/(?:^|\/)users\/(\d{1,15})$/);
  return match ? Number(match[1]) : undefined;
}
