import { z } from 'zod';
import { CredentialTypeId } from './credential-types';
import { EmployeeNumber } from './applicant';

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
  status: z.enum(['ISSUED', 'PENDING', 'REJECTED']),
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
  status: z.enum(['Added']),
  enrolledAt: z.iso.datetime(),
  enrolledBy: z.string(),
  /** The enrolling operator's certificate fingerprint (four eyes); absent before sign-in existed. */
  enrolledByFingerprint: z.string().optional(),
  stationId: z.string(),
  credentials: z.array(DeviceCredential),
});
export type Device = z.infer<typeof Device>;
