import { z } from 'zod';
import { CredentialTypeId } from './credential-types';
import { EmployeeNumber } from './applicant';
import { nextStatus } from './mobile-credential';

/** How the station reads a card family (see src/main/reader/card-families.ts). */
export const CardType = z.enum(['piv', 'contactless-uid']);
export type CardType = z.infer<typeof CardType>;

export const CARD_TYPE_NAMES: Record<CardType, string> = {
  piv: 'PIV card',
  'contactless-uid': 'Contactless card',
};

/** A credential carried by an enrolled device. Pending until approved when the type's policy requires it. */
export const DeviceCredential = z.strictObject({
  id: z.string(),
  credentialTypeId: CredentialTypeId,
  /** REVOKED: the card it was on was replaced (statusReason says by which card). */
  status: z.enum(['ISSUED', 'PENDING', 'REJECTED', 'REVOKED']),
  statusReason: z.string().max(500).optional(),
  issuedAt: z.iso.datetime(),
  /** A supervisor's approval or rejection of a Pending credential. */
  decision: z
    .strictObject({
      decision: z.enum(['approve', 'reject']),
      reason: z.string().max(500),
      decidedBy: z.string(),
      decidedByFingerprint: z.string().optional(),
      decidedAt: z.iso.datetime(),
      stationId: z.string().optional(),
    })
    .optional(),
});
export type DeviceCredential = z.infer<typeof DeviceCredential>;

/** A card enrolled for a person (the procedure's "device"). */
export const Device = z.strictObject({
  id: z.string(),
  employeeNumber: EmployeeNumber,
  serialNumber: z.string().min(1).max(100),
  cardType: CardType,
  cardFamily: z.string(),
  atr: z.string(),
  readerName: z.string(),
  /** Added when enrolled; Replaced when a replacement card was enrolled for the same person (see replacementPlan). */
  status: z.enum(['Added', 'Replaced']),
  /** The card that replaced this one. */
  replacedBy: z.strictObject({ deviceId: z.string().max(100), serialNumber: z.string().min(1).max(100), at: z.iso.datetime() }).optional(),
  enrolledAt: z.iso.datetime(),
  enrolledBy: z.string(),
  /** The enrolling operator's certificate fingerprint (four eyes); absent before sign-in existed. */
  enrolledByFingerprint: z.string().optional(),
  stationId: z.string(),
  credentials: z.array(DeviceCredential),
});
export type Device = z.infer<typeof Device>;

/** The FASC-N placeholder of non-federal cards: its number says nothing about which card it is. */
const PLACEHOLDER_CREDENTIAL = '9999-9999-999999';
const PIV_IDENTITY = /^([0-9]{4}-[0-9]{4}-[0-9]{6})-([0-9])-([0-9])$/;

/**
 * A PIV Serial Number 'AAAA-SSSS-CCCCCC-S-I' as the credential it carries ('AAAA-SSSS-CCCCCC':
 * agency, system, credential number) and which card of it this is (credential series, then
 * individual credential issue). Undefined for anything else: a GUID (placeholder FASC-N), a
 * contactless UID, a record from before issue 14 ('AAAA-SSSS-CCCCCC'), or the placeholder.
 */
export function pivCredentialOf(serialNumber: string): { credential: string; series: number; issue: number } | undefined {
  const m = PIV_IDENTITY.exec(serialNumber);
  if (!m || m[1] === PLACEHOLDER_CREDENTIAL) return undefined;
  return { credential: m[1]!, series: Number(m[2]), issue: Number(m[3]) };
}

/** -1, 0 or 1: which card of the same credential is newer (series first, then issue). */
function compareCards(a: { series: number; issue: number }, b: { series: number; issue: number }): number {
  return Math.sign(a.series - b.series || a.issue - b.issue);
}

/**
 * What enrolling a card means for the devices already enrolled — the one rule the station
 * and the server both apply:
 * - `replaces`: the devices (still Added) that this card replaces: PIV cards with the same
 *   agency, system and credential number and a lower credential series or issue, enrolled
 *   to the same person. They become Replaced (markReplaced). Empty when nothing is replaced.
 * - `refused: 'assigned-elsewhere'`: another card of the same credential belongs to another
 *   person (a credential number belongs to one person), as for the same Serial Number.
 * - `refused: 'superseded'`: a newer card of the same credential is already enrolled to this
 *   person; the older card is not enrolled again.
 * Cards whose FASC-N is the placeholder (Serial Number = GUID) and contactless cards carry no
 * credential number, so nothing says which card they replace: they are enrolled as another
 * card and the old one stays as it is.
 */
export type ReplacementPlan =
  | { replaces: Device[] }
  | { refused: 'assigned-elsewhere' | 'superseded'; device: Device };

export function replacementPlan(card: { serialNumber: string; employeeNumber: string }, devices: readonly Device[]): ReplacementPlan {
  const id = pivCredentialOf(card.serialNumber);
  if (!id) return { replaces: [] };
  const replaces: Device[] = [];
  let newest: { device: Device; card: { series: number; issue: number } } | undefined;
  for (const device of devices) {
    if (device.cardType !== 'piv' || device.serialNumber === card.serialNumber) continue;
    const other = pivCredentialOf(device.serialNumber);
    if (!other || other.credential !== id.credential) continue;
    if (device.employeeNumber !== card.employeeNumber) return { refused: 'assigned-elsewhere', device };
    if (compareCards(id, other) < 0) {
      if (!newest || compareCards(other, newest.card) > 0) newest = { device, card: other };
    } else if (device.status === 'Added') replaces.push(device);
  }
  return newest ? { refused: 'superseded', device: newest.device } : { replaces };
}

/** The reason a replaced card's credentials carry. */
function replacedReason(serialNumber: string): string {
  return `Replaced by card ${serialNumber}`;
}

/**
 * The old device once `by` replaced it: status Replaced, and each credential that could
 * still open a door (PENDING, ISSUED) REVOKED — the credential lifecycle's revoke — with the
 * reason "Replaced by card …". REJECTED and REVOKED credentials stay as they are.
 */
export function markReplaced(device: Device, by: { id: string; serialNumber: string }, at: string): Device {
  return {
    ...device,
    status: 'Replaced',
    replacedBy: { deviceId: by.id, serialNumber: by.serialNumber, at },
    credentials: device.credentials.map((c) => {
      const next = c.status === 'REVOKED' ? undefined : nextStatus(c.status, 'revoke');
      return next === 'REVOKED' ? { ...c, status: 'REVOKED', statusReason: replacedReason(by.serialNumber) } : c;
    }),
  };
}
