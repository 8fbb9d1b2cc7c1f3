import { randomInt, randomUUID } from 'node:crypto';
import { PHONE_PROFILES, type PhoneProfileName } from './phone-profiles';
import { SCHEMA, SimError, type CreateUserBody, type EventType, type InvitationBody } from './scim';
import type { Callback, CloudEvent, Container, Credential, CredentialStatus, CredentialView, Filter, Invitation, PartNumber, SimState, User } from './sim-types';

export type { Callback, CloudEvent, Filter, PartNumber, SimState } from './sim-types';

/** Everything the simulator holds, and every transition Origo makes (docs/hid-origo-wire.md). */

export const DEFAULT_PART_NUMBERS: PartNumber[] = [
  { id: 1, partNumber: 'MID-SUB-CRD_FTPN_6445', friendlyName: 'MOB0022', availableQty: 1000 },
  { id: 2, partNumber: 'MID-SUB-CRD_FTPN_7001', friendlyName: 'MOB0101', availableQty: 100 },
];

const CODE_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** Allowed credential transitions: from → to. */
const TRANSITIONS: Record<'suspend' | 'resume' | 'revoke', CredentialStatus[]> = {
  suspend: ['ACTIVE'],
  resume: ['SUSPENDED'],
  revoke: ['ISSUE_INITIATED', 'ISSUED', 'ACTIVE', 'SUSPENDED', 'RESUME_INITIATED'],
};

export class SimStore {
  baseUrl = '';
  readonly partNumbers: PartNumber[];
  private readonly users = new Map<number, User>();
  private readonly invitations = new Map<number, Invitation>();
  private readonly credentials = new Map<number, Credential>();
  private readonly containers = new Map<number, Container>();
  readonly filters = new Map<string, Filter>();
  readonly callbacks = new Map<string, Callback>();
  readonly events: CloudEvent[] = [];
  private next = { user: 103367, invitation: 16247463, credential: 304530, container: 2468, card: 56 };

  constructor(
    private readonly clock: () => Date,
    private readonly invitationValidHours: number,
    partNumbers: PartNumber[],
    private readonly onEvents: (organizationId: string, events: CloudEvent[]) => void,
  ) {
    this.partNumbers = partNumbers.map((p) => ({ ...p }));
  }

  private now(): string {
    return this.clock().toISOString();
  }

  private base(org: string): string {
    return `${this.baseUrl}/credential-management/customer/${org}`;
  }

  // ── users ──
  createUser(org: string, body: CreateUserBody): User {
    if ([...this.users.values()].some((u) => u.organizationId === org && u.externalId === body.externalId)) {
      throw new SimError(409, `A user with externalId ${body.externalId} already exists.`, 'uniqueness');
    }
    const now = this.now();
    const emails = (body.emails ?? []).map((e, i) => ({ value: e.value, primary: e.primary ?? i === 0 }));
    const user: User = { organizationId: org, id: this.next.user++, externalId: body.externalId, name: { ...body.name }, emails, created: now, lastModified: now };
    this.users.set(user.id, user);
    return user;
  }

  user(org: string, id: number): User {
    const user = this.users.get(id);
    if (!user || user.organizationId !== org) throw new SimError(404, `No user ${id}.`);
    return user;
  }

  findUsers(org: string, attribute: 'externalId' | 'emails', value: string): User[] {
    return [...this.users.values()].filter(
      (u) => u.organizationId === org && (attribute === 'externalId' ? u.externalId === value : u.emails.some((e) => e.value.toLowerCase() === value.toLowerCase())),
    );
  }

  userResource(user: User): Record<string, unknown> {
    const invitations = [...this.invitations.values()].filter((i) => i.userId === user.id).map((i) => this.invitationView(i, false));
    const containers = [...this.containers.values()].filter((c) => c.userId === user.id).map((c) => this.containerView(c));
    return {
      schemas: [SCHEMA.user, SCHEMA.invitation, SCHEMA.container],
      id: user.id,
      externalId: user.externalId,
      name: user.name,
      emails: user.emails,
      status: 'ACTIVE',
      meta: { resourceType: 'PACSUser', created: user.created, lastModified: user.lastModified, location: `${this.base(user.organizationId)}/users/${user.id}` },
      [SCHEMA.invitation]: invitations,
      [SCHEMA.container]: containers,
    };
  }

  private touch(userId: number): void {
    const user = this.users.get(userId);
    if (user) user.lastModified = this.now();
  }

  // ── part numbers ──
  partNumber(id: number): PartNumber {
    const found = this.partNumbers.find((p) => p.id === id);
    if (!found) throw new SimError(404, `No part number ${id}.`);
    return found;
  }

  // ── invitations ──
  private newCode(): string {
    for (;;) {
      const groups = Array.from({ length: 4 }, () => Array.from({ length: 4 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join(''));
      const code = groups.join('-');
      if (![...this.invitations.values()].some((i) => i.invitationCode === code)) return code;
    }
  }

  createInvitation(org: string, userId: number, body: InvitationBody): { invitation: Invitation; credential?: Credential } {
    const user = this.user(org, userId);
    const action = body[SCHEMA.userAction];
    if (action.createInvitationCode !== 'Y') throw new SimError(400, 'The simulator only makes invitation codes: createInvitationCode must be "Y".', 'invalidValue');
    let part: PartNumber | undefined;
    if (action.assignCredential === 'Y') {
      if (!action.partNumber) throw new SimError(400, 'assignCredential "Y" needs a partNumber.', 'invalidValue');
      part = this.partNumbers.find((p) => p.partNumber === action.partNumber);
      if (!part) throw new SimError(400, `Unknown part number ${action.partNumber}.`, 'invalidValue');
      if (part.availableQty <= 0) throw new SimError(400, `No available quantity for part number ${part.partNumber}.`, 'invalidValue');
    }
    const created = this.clock();
    const invitation: Invitation = {
      id: this.next.invitation++,
      userId: user.id,
      invitationCode: this.newCode(),
      status: 'PENDING',
      createdDate: created.toISOString(),
      expirationDate: new Date(created.getTime() + this.invitationValidHours * 3_600_000).toISOString(),
    };
    let credential: Credential | undefined;
    if (part) {
      part.availableQty -= 1;
      credential = {
        id: this.next.credential++,
        userId: user.id,
        invitationId: invitation.id,
        partNumber: part.partNumber,
        partnumberFriendlyName: part.friendlyName,
        cardNumber: String(this.next.card++),
        status: 'ISSUE_INITIATED',
        credentialType: 'ICLASSSEOS',
      };
      this.credentials.set(credential.id, credential);
      invitation.credentialId = credential.id;
    }
    this.invitations.set(invitation.id, invitation);
    this.touch(user.id);
    return { invitation, credential };
  }

  /** An open invitation past its expiration date is EXPIRED from then on. */
  private refresh(invitation: Invitation): Invitation {
    if (invitation.status === 'PENDING' && this.clock().getTime() >= Date.parse(invitation.expirationDate)) invitation.status = 'EXPIRED';
    return invitation;
  }

  invitationView(invitation: Invitation, withMeta: boolean): Record<string, unknown> {
    const { id, invitationCode, status, createdDate, expirationDate } = this.refresh(invitation);
    const user = this.users.get(invitation.userId)!;
    return {
      id, invitationCode, status, createdDate, expirationDate,
      ...(withMeta ? { meta: { resourceType: 'UserInvitation', location: `${this.base(user.organizationId)}/invitation/${id}` } } : {}),
    };
  }

  invitationAnswer(invitation: Invitation, credential: Credential | undefined): Record<string, unknown> {
    return {
      schemas: [SCHEMA.invitation, SCHEMA.credential],
      [SCHEMA.invitation]: [this.invitationView(invitation, true)],
      [SCHEMA.credential]: credential ? [this.credentialView(credential)] : [],
    };
  }

  private invitation(org: string, id: number): Invitation {
    const invitation = this.invitations.get(id);
    if (!invitation || this.users.get(invitation.userId)?.organizationId !== org) throw new SimError(404, `No invitation ${id}.`);
    return this.refresh(invitation);
  }

  cancelInvitation(org: string, id: number): void {
    const invitation = this.invitation(org, id);
    if (invitation.status !== 'PENDING') throw new SimError(409, `Invitation ${id} is ${invitation.status}: only a PENDING invitation can be cancelled.`, 'mutability');
    invitation.status = 'CANCELLED';
    const credential = invitation.credentialId === undefined ? undefined : this.credentials.get(invitation.credentialId);
    if (credential) {
      credential.status = 'REVOKED';
      const part = this.partNumbers.find((p) => p.partNumber === credential.partNumber);
      if (part) part.availableQty += 1;
    }
    this.touch(invitation.userId);
  }

  // ── the phone ──
  redeem(typedCode: string, profile: PhoneProfileName): { userId: number; credentialContainer: Record<string, unknown> } {
    const compact = typedCode.toUpperCase().replace(/[\s-]/g, '');
    const code = /^[A-Z0-9]{16}$/.test(compact) ? compact.match(/.{4}/g)!.join('-') : undefined;
    const invitation = code && [...this.invitations.values()].find((i) => i.invitationCode === code);
    if (!invitation) throw new SimError(404, `Unknown invitation code ${typedCode}.`);
    this.refresh(invitation);
    if (invitation.status === 'ACKNOWLEDGED') throw new SimError(409, 'This invitation code has already been used.');
    if (invitation.status === 'EXPIRED') throw new SimError(410, 'This invitation code has expired.');
    if (invitation.status === 'CANCELLED') throw new SimError(410, 'This invitation code was cancelled.');
    invitation.status = 'ACKNOWLEDGED';
    const container: Container = { id: this.next.container++, userId: invitation.userId, invitationId: invitation.id, profile, credentialIds: [] };
    const credential = invitation.credentialId === undefined ? undefined : this.credentials.get(invitation.credentialId);
    if (credential) {
      credential.status = 'ACTIVE';
      credential.containerId = container.id;
      container.credentialIds.push(credential.id);
    }
    this.containers.set(container.id, container);
    this.touch(invitation.userId);
    const base = { userId: invitation.userId, invitationId: invitation.id, credentialContainerId: container.id };
    this.emit(invitation.userId, [
      ['INVITATION_ACKNOWLEDGED', { ...base, ...(credential ? { credentialId: credential.id } : {}), status: 'ACKNOWLEDGED' }],
      ...(credential ? [['CREDENTIAL_ACTIVATED', { ...base, credentialId: credential.id, status: 'ACTIVE' }] as const] : []),
    ]);
    return { userId: invitation.userId, credentialContainer: this.containerView(container) };
  }

  containerView(container: Container): Record<string, unknown> {
    return {
      id: container.id,
      status: 'ACTIVE',
      ...PHONE_PROFILES[container.profile],
      [SCHEMA.credential]: container.credentialIds.map((id) => this.credentialView(this.credentials.get(id)!)),
    };
  }

  // ── credentials ──
  credential(org: string, id: number): Credential {
    const credential = this.credentials.get(id);
    if (!credential || this.users.get(credential.userId)?.organizationId !== org) throw new SimError(404, `No credential ${id}.`);
    return credential;
  }

  credentialView(c: Credential): CredentialView {
    return { id: c.id, partNumber: c.partNumber, partnumberFriendlyName: c.partnumberFriendlyName, cardNumber: c.cardNumber, status: c.status, credentialType: c.credentialType };
  }

  credentialAnswer(c: Credential): Record<string, unknown> {
    return { schemas: [SCHEMA.credential], [SCHEMA.credential]: [this.credentialView(c)] };
  }

  transition(org: string, id: number, action: 'suspend' | 'resume' | 'revoke'): Credential {
    const credential = this.credential(org, id);
    if (!TRANSITIONS[action].includes(credential.status)) {
      throw new SimError(409, `Credential ${id} is ${credential.status}: it cannot be ${action === 'revoke' ? 'revoked' : `${action}ed`}.`, 'mutability');
    }
    const invitation = this.invitations.get(credential.invitationId)!;
    if (action === 'revoke' && credential.status === 'ISSUE_INITIATED' && this.refresh(invitation).status === 'PENDING') invitation.status = 'CANCELLED';
    // REVOKE_INITIATED, then REVOKED once the phone confirms: the simulated phone confirms at once.
    credential.status = action === 'suspend' ? 'SUSPENDED' : action === 'resume' ? 'ACTIVE' : 'REVOKED';
    this.touch(credential.userId);
    const type: EventType = action === 'suspend' ? 'CREDENTIAL_SUSPENDED' : action === 'resume' ? 'CREDENTIAL_RESUMED' : 'CREDENTIAL_REVOKED';
    this.emit(credential.userId, [
      [type, { userId: credential.userId, invitationId: credential.invitationId, credentialContainerId: credential.containerId ?? null, credentialId: credential.id, status: credential.status }],
    ]);
    return credential;
  }

  // ── events ──
  private emit(userId: number, items: ReadonlyArray<readonly [EventType, Record<string, unknown>]>): void {
    const org = this.users.get(userId)!.organizationId;
    const time = this.now();
    const events: CloudEvent[] = items.map(([type, data]) => ({
      specversion: '1.0', id: randomUUID(), source: `/organization/${org}`, type, subject: `users/${userId}`, time, datacontenttype: 'application/json',
      data: { organizationId: org, ...data },
    }));
    this.events.push(...events);
    this.onEvents(org, events);
  }

  state(): SimState {
    return {
      partNumbers: this.partNumbers.map((p) => ({ ...p })),
      users: [...this.users.values()].map((u) => ({ organizationId: u.organizationId, ...this.userResource(u) })),
      credentials: [...this.credentials.values()].map((c) => ({ ...this.credentialView(c), userId: c.userId, invitationId: c.invitationId, credentialContainerId: c.containerId ?? null })),
      filters: [...this.filters.values()].map((f) => ({ ...f, filterSet: [...f.filterSet] })),
      callbacks: [...this.callbacks.values()].map(({ secret: _secret, ...rest }) => ({ ...rest, filterSet: [...(this.filters.get(rest.filterId)?.filterSet ?? [])] })),
      events: this.events.map((e) => structuredClone(e)),
    };
  }
}
