import type { ApprovalRequest, AuditPage, Invitation, ReviewItem, SessionState, SyncStatus } from '../../shared/contract';
import type { CardDetails, ReaderStatus } from '../../shared/contract/devices';
import type { Applicant } from '../../shared/domain/applicant';
import type { AuditEntry } from '../../shared/domain/audit-chain';
import type { Device } from '../../shared/domain/device';
import { type MobileCredential, type PhoneDetails } from '../../shared/domain/mobile-credential';
import { Action, PERMISSIONS, type Role } from '../../shared/domain/roles';

export function sampleApplicant(overrides: Partial<Applicant> = {}): Applicant {
  return {
    employeeNumber: '10000001',
    firstName: 'Ada',
    lastName: 'Lovelace',
    credentialTypeId: 'piv-card-employee',
    createdAt: '2025-03-12T13:03:22.000Z',
    createdBy: 'clerk1',
    stationId: 'st-1',
    ...overrides,
  };
}

/** A station with no central server yet: nothing waiting, nothing to review. */
export function sampleSyncStatus(overrides: Partial<SyncStatus> = {}): SyncStatus {
  return {
    state: 'not-registered',
    serverUrl: null,
    waiting: 0,
    lastSuccessAt: null,
    lastAttemptAt: null,
    nextAttemptAt: null,
    lastError: null,
    clockOffsetMs: null,
    employeeNumbersLeft: 900,
    openReviews: 0,
    ...overrides,
  };
}

/**
 * An open review: Ada enrolled at this station and at another while both were offline,
 * with the same email address.
 */
export function sampleReviewItem(overrides: Partial<ReviewItem['review']> = {}): ReviewItem {
  return {
    review: {
      id: '7b0c7a52-3f7e-4b8e-9a55-2f4f1b6d9e01',
      employeeNumbers: ['10000001', '20000001'],
      matchedOn: ['email'],
      openedAt: '2025-03-12T15:00:00.000Z',
      status: 'open',
      ...overrides,
    },
    applicants: [
      sampleApplicant({ email: 'ada@example.org' }),
      sampleApplicant({
        employeeNumber: '20000001',
        firstName: 'Ada',
        middleName: 'A.',
        email: 'ada@example.org',
        createdAt: '2025-03-12T14:10:00.000Z',
        createdBy: 'clerk7',
        stationId: 'st-2',
      }),
    ],
  };
}

export const SAMPLE_READER = 'Virtual PCD 00 00';

/** A reader status as `readers:changed` sends it: one reader, with or without a card. */
export function readerStatus(cardPresent: boolean, name = SAMPLE_READER): ReaderStatus {
  return { pcsc: 'running', readers: [{ name, cardPresent }] };
}

/** A PIV card, not enrolled, for a type that asks for the PIN. */
export function sampleCardDetails(overrides: Partial<CardDetails> = {}): CardDetails {
  return {
    readerName: SAMPLE_READER,
    serialNumber: '4D2A9C1170001',
    atr: '3B 88 80 01 00 73 C8 40 13 00 90 00 71',
    cardType: 'piv',
    cardFamily: 'PIV card (NIST SP 800-73)',
    policy: { credentialTypeName: 'PIV Card – Employee', accepted: true, acceptedCardTypes: ['PIV card'], pinRequired: true },
    status: 'ready',
    pinTriesLeft: 3,
    ...overrides,
  };
}

/** The device a successful + Device returns: the card above, Added, credential ISSUED. */
export function sampleDevice(overrides: Partial<Device> = {}): Device {
  return {
    id: 'dev-1',
    employeeNumber: '10000001',
    serialNumber: '4D2A9C1170001',
    cardType: 'piv',
    cardFamily: 'PIV card (NIST SP 800-73)',
    atr: '3B 88 80 01 00 73 C8 40 13 00 90 00 71',
    readerName: SAMPLE_READER,
    status: 'Added',
    enrolledAt: '2025-03-12T13:10:05.000Z',
    enrolledBy: 'clerk1',
    stationId: 'st-1',
    credentials: [{ id: 'cred-1', credentialTypeId: 'piv-card-employee', status: 'ISSUED', issuedAt: '2025-03-12T13:10:05.000Z' }],
    ...overrides,
  };
}

/** The phone of the procedure's "Expected Mobile Device Details". */
export function samplePhone(overrides: Partial<PhoneDetails> = {}): PhoneDetails {
  return {
    deviceId: '1412104381',
    osVersion: 'iOS 16.7.11',
    secureElementType: 'EMULATED',
    manufacturer: 'Apple',
    model: 'iPhone X',
    applicationVersion: '4.9.1',
    ...overrides,
  };
}

/** A mobile credential for Ada's card credential `cred-1` (of a mobile-capable type), ISSUED with an open invitation. */
export function sampleMobileCredential(overrides: Partial<MobileCredential> = {}): MobileCredential {
  return {
    credentialId: 'cred-1',
    deviceId: 'dev-1',
    employeeNumber: '10000001',
    credentialTypeId: 'mobile-pacs-employee',
    status: 'ISSUED',
    statusChangedAt: '2025-03-12T13:20:00.000Z',
    invitation: {
      id: '5f1d2c3b-4a59-4e6f-8a7b-9c0d1e2f3a4b',
      createdAt: '2025-03-12T13:20:00.000Z',
      expiresAt: '2025-03-12T13:50:00.000Z',
      state: 'open',
    },
    ...overrides,
  };
}

/** An ACTIVE mobile credential on the sample phone. */
export function activeMobileCredential(overrides: Partial<MobileCredential> = {}): MobileCredential {
  const issued = sampleMobileCredential();
  return sampleMobileCredential({
    status: 'ACTIVE',
    statusChangedAt: '2025-03-12T13:21:10.000Z',
    invitation: issued.invitation && { ...issued.invitation, state: 'redeemed' },
    phone: samplePhone(),
    activatedAt: '2025-03-12T13:21:10.000Z',
    ...overrides,
  });
}

/** What Action › Pick up your HID Mobile Credential answers: valid 30 minutes from 13:20 UTC, server and station clocks agreeing. */
export function sampleInvitation(overrides: Partial<Invitation> = {}): Invitation {
  return {
    invitationId: '5f1d2c3b-4a59-4e6f-8a7b-9c0d1e2f3a4b',
    code: 'ADS7-H65H-YTJN-RXR6',
    pickupUri: 'enrollment-station://pickup?v=1&server=https%3A%2F%2Fcredentials.example.org&code=ADS7-H65H-YTJN-RXR6',
    expiresAt: '2025-03-12T13:50:00.000Z',
    clockOffsetMs: 0,
    userId: '10000001',
    email: 'ada@example.org',
    holderName: 'Ada Lovelace',
    appName: 'HID Mobile Access',
    deviceType: 'HID Origo Mobile Identity',
    deviceManagementSystem: 'HID Origo Management Portal',
    certificateAuthority: 'HID Origo Mobile Identity CA',
    credential: sampleMobileCredential(),
    ...overrides,
  };
}

/** A station where sign-in is not configured yet: everything allowed as the local account. */
export function sampleSession(overrides: Partial<SessionState> = {}): SessionState {
  return {
    mode: 'setup',
    operator: null,
    lockedBecause: null,
    allowed: [...Action.options],
    idleLockMinutes: 10,
    registryCheckedAt: null,
    ...overrides,
  };
}

/** Signed in with an operator card: a clerk is Ada Clerk, a supervisor Grace Hopper. */
export function signedInSession(roles: Role[], overrides: Partial<SessionState> = {}): SessionState {
  const name = roles.includes('supervisor') ? 'Grace Hopper' : roles.includes('administrator') ? 'Alan Admin' : 'Sam Clerk';
  return sampleSession({
    mode: 'signed-in',
    operator: {
      fingerprint: 'a'.repeat(64),
      name,
      roles,
      certificateSubject: `CN=${name}`,
      certificateNotAfter: '2027-03-12T00:00:00.000Z',
      readerName: SAMPLE_READER,
      signedInAt: '2025-03-12T13:00:00.000Z',
    },
    allowed: Action.options.filter((action) => PERMISSIONS[action].some((role) => roles.includes(role))),
    ...overrides,
  });
}

/** Ada's PIV card, enrolled by Sam Clerk, waiting for a supervisor. */
export function sampleApproval(overrides: Partial<ApprovalRequest> = {}): ApprovalRequest {
  return {
    deviceId: 'dev-1',
    credentialId: 'cred-1',
    employeeNumber: '10000001',
    holderName: 'Ada Lovelace',
    credentialTypeId: 'piv-card-contractor',
    credentialTypeName: 'PIV Card – Contractor',
    deviceSerialNumber: '4D2A9C1170001',
    cardType: 'piv',
    requestedBy: 'Sam Clerk',
    stationName: 'Front Desk 1',
    requestedAt: '2025-03-12T13:10:05.000Z',
    mayDecide: true,
    ...overrides,
  };
}

/** One link of the audit trail (hash and signature are placeholders: the renderer never checks them). */
export function sampleAuditEntry(overrides: Partial<AuditEntry> = {}): AuditEntry {
  const seq = overrides.seq ?? 1;
  return {
    id: `audit-${seq}`,
    seq,
    at: '2025-03-12T13:03:22.000Z',
    action: 'applicant.created',
    employeeNumber: '10000001',
    operator: 'Sam Clerk',
    operatorFingerprint: 'a'.repeat(64),
    stationId: 'st-1',
    stationName: 'Front Desk 1',
    summary: 'Applicant Ada Lovelace added with credential type PIV Card – Employee',
    prevHash: '0'.repeat(64),
    hash: String(seq % 10).repeat(64),
    signature: 'e'.repeat(128),
    ...overrides,
  };
}

/** An audit page whose chain checks out, delivered to the server up to its head. */
export function sampleAuditPage(entries: AuditEntry[], chain: Partial<AuditPage['chain']> = {}): AuditPage {
  const head = entries[0] ? { seq: entries[0].seq, hash: entries[0].hash } : null;
  return { entries, total: entries.length, chain: { ok: true, head, acknowledgedHead: head, findings: [], ...chain } };
}
