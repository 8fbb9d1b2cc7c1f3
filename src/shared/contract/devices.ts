import { z } from 'zod';
import { EmployeeNumber } from '../domain/applicant';
import { CardType, Device } from '../domain/device';
import { Pin } from '../domain/pin';
import { channel, event } from './define';

/** PC/SC as the station sees it: the service, its readers and whether a card is in each. */
export const ReaderInfo = z.strictObject({
  name: z.string(),
  cardPresent: z.boolean(),
});
export const ReaderStatus = z.strictObject({
  pcsc: z.enum(['starting', 'running', 'service-not-running']),
  readers: z.array(ReaderInfo),
});
export type ReaderStatus = z.infer<typeof ReaderStatus>;

const ReaderName = z.string().min(1).max(200);

/** What + Device shows about the card in the chosen reader, for the chosen person. */
export const CardDetails = z.strictObject({
  readerName: z.string(),
  serialNumber: z.string(),
  atr: z.string(),
  cardType: CardType,
  cardFamily: z.string(),
  /** Who the card is enrolled to, if anyone. */
  assignedTo: z.strictObject({ employeeNumber: EmployeeNumber, name: z.string() }).optional(),
  /** The credential type's policy, in words: name, accepted cards, PIN. */
  policy: z.strictObject({ credentialTypeName: z.string(), accepted: z.boolean(), acceptedCardTypes: z.array(z.string()), pinRequired: z.boolean() }),
  /** Not enrolled / Enrolled to this person / Assigned to another person / Not accepted for this credential type. */
  status: z.enum(['ready', 'enrolled-here', 'assigned-elsewhere', 'not-accepted']),
  pinTriesLeft: z.number().int().min(0).optional(),
  /** The Serial Numbers of this person's cards that enrolling this one marks Replaced (a replacement card: same FASC-N credential, higher series or issue). */
  replaces: z.array(z.string()).optional(),
  /** The reader has a PIN pad (PC/SC part 10 FEATURE_VERIFY_PIN_DIRECT): the PIN is entered on the reader, not the keyboard. */
  pinPad: z.boolean().optional(),
});
export type CardDetails = z.infer<typeof CardDetails>;

export const ApduLogEntry = z.strictObject({
  at: z.iso.datetime(),
  /** Which card the exchange went to: the n-th card the station talked to in this reader since it started, and its ATR. */
  card: z.strictObject({ number: z.number().int().min(1), atr: z.string() }),
  command: z.string(),
  response: z.string(),
  status: z.string(),
  ms: z.number(),
});

export const ReaderDiagnostics = z.strictObject({
  readerName: z.string(),
  cardPresent: z.boolean(),
  atr: z.string().optional(),
  atrExplained: z.array(z.string()),
  cardFamily: z.string().optional(),
  apduLog: z.array(ApduLogEntry),
});
export type ReaderDiagnostics = z.infer<typeof ReaderDiagnostics>;

export const EnrollDeviceInput = z.strictObject({
  employeeNumber: EmployeeNumber,
  readerName: ReaderName,
  /** The card holder's PIN when the policy asks for it; checked by the card, never stored or logged. */
  pin: Pin.optional(),
});

export const deviceChannels = {
  'readers:status': channel(z.undefined(), ReaderStatus),
  'readers:diagnostics': channel(z.strictObject({ readerName: ReaderName }), ReaderDiagnostics),
  'devices:read-card': channel(z.strictObject({ readerName: ReaderName, employeeNumber: EmployeeNumber }), CardDetails),
  'devices:enroll': channel(EnrollDeviceInput, Device),
  /** Refresh Report Data: the person's devices and their credentials. */
  'devices:report': channel(z.strictObject({ employeeNumber: EmployeeNumber }), z.array(Device)),
};

export const deviceEvents = {
  'readers:changed': event(ReaderStatus),
};
