import type { PhoneProfileName } from './phone-profiles';
import type { EventType } from './scim';

/** The records the simulator holds (sim-store.ts) and what `GET /sim/state` answers. */

export type InvitationStatus = 'PENDING' | 'ACKNOWLEDGED' | 'EXPIRED' | 'CANCELLED';
export type CredentialStatus = 'ISSUE_INITIATED' | 'ISSUED' | 'ACTIVE' | 'SUSPENDED' | 'RESUME_INITIATED' | 'REVOKE_INITIATED' | 'REVOKING' | 'REVOKED';

export interface PartNumber { id: number; partNumber: string; friendlyName: string; availableQty: number }
export interface User { organizationId: string; id: number; externalId: string; name: { givenName: string; familyName: string }; emails: Array<{ value: string; primary: boolean }>; created: string; lastModified: string }
export interface Invitation { id: number; userId: number; invitationCode: string; status: InvitationStatus; createdDate: string; expirationDate: string; credentialId?: number }
export interface Credential { id: number; userId: number; invitationId: number; containerId?: number; partNumber: string; partnumberFriendlyName: string; cardNumber: string; status: CredentialStatus; credentialType: 'ICLASSSEOS' }
export interface Container { id: number; userId: number; invitationId: number; profile: PhoneProfileName; credentialIds: number[] }
export interface Filter { organizationId: string; id: string; filterSet: EventType[] }
export interface Callback { organizationId: string; id: string; url: string; filterId: string; httpHeader: string; secret: string }
export interface CloudEvent { specversion: '1.0'; id: string; source: string; type: EventType; subject: string; time: string; datacontenttype: 'application/json'; data: Record<string, unknown> }

export interface SimState {
  partNumbers: PartNumber[];
  users: Array<Record<string, unknown> & { organizationId: string }>;
  credentials: Array<CredentialView & { userId: number; invitationId: number; credentialContainerId: number | null }>;
  filters: Filter[];
  callbacks: Array<Omit<Callback, 'secret'> & { filterSet: EventType[] }>;
  events: CloudEvent[];
}

export interface CredentialView { id: number; partNumber: string; partnumberFriendlyName: string; cardNumber: string; status: CredentialStatus; credentialType: string }
