import type { MobileProviderInfo } from '../../../shared/contract/mobile-protocol';
import type { MobileCredential, PhoneDetails } from '../../../shared/domain/mobile-credential';

/**
 * Who issues a server's mobile credentials and learns of their redemption. `reference`:
 * this server makes the codes and the project's wallet redeems them at /v1/wallet/redeem.
 * `hid-origo`: HID Origo makes them and HID Mobile Access redeems them in HID's cloud.
 * Stations and the flow are the same for both (docs/decisions/0013-mobile-providers.md).
 */
export interface MobileProvider {
  readonly info: MobileProviderInfo;
  /**
   * A new invitation for `request.credential`, made at the provider. Called outside any
   * database transaction (it may be a network call); the server records it afterwards.
   */
  issue(request: IssueRequest): Promise<IssuedInvitation>;
  /** Suspend / resume / revoke at the provider, before the server records the new status. */
  changeStatus(credential: MobileCredential, action: 'suspend' | 'resume' | 'revoke'): Promise<void>;
  /** A newer invitation replaced this one: make its code stop working at the provider too (best effort). */
  withdraw?(replaced: ProviderLink): Promise<void>;
  /** Background work (HID Origo: callback registration and polling). */
  start?(): void;
  stop?(): Promise<void>;
}

export interface IssueRequest {
  credential: MobileCredential;
  holder: { employeeNumber: string; firstName: string; lastName: string; email?: string };
  credentialTypeId: string;
  /** The credential type's policy (`invitationValidMinutes`): the reference provider's code lifetime. */
  validMinutes: number;
  now: Date;
  /** Where the reference wallet reaches this server (goes into its QR code). */
  serverUrl: string;
}

export interface IssuedInvitation {
  /** As the clerk's screen shows it: `XXXX-XXXX-XXXX-XXXX`. */
  code: string;
  /** What the QR code holds: what the provider's phone app expects to scan. */
  qr: string;
  expiresAt: Date;
  /** The provider's own ids for this credential (HID Origo), recorded in provider_links. */
  link?: ProviderLink;
}

export interface ProviderLink {
  externalUserId: string;
  externalInvitationId?: string;
  externalCredentialId?: string;
}

/** What the provider reports a credential to be now (callbacks and polling, HID Origo). */
export interface ProviderState {
  status: 'ISSUED' | 'ACTIVE' | 'SUSPENDED' | 'REVOKED';
  phone?: PhoneDetails;
  /** The invitation was redeemed (HID: ACKNOWLEDGED). */
  redeemed: boolean;
}
