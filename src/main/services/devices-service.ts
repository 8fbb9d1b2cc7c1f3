import { randomUUID } from 'node:crypto';
import type { CardDetails, ReaderDiagnostics, ReaderStatus } from '../../shared/contract/devices';
import { StationError } from '../../shared/contract/errors';
import { displayName, type Applicant } from '../../shared/domain/applicant';
import type { CredentialType } from '../../shared/domain/credential-types';
import { CARD_TYPE_NAMES, markReplaced, replacementPlan, type Device, type ReplacementPlan } from '../../shared/domain/device';
import type { Actor, AuditTrail } from '../audit/audit-trail';
import type { StationEvents } from '../events';
import { parseAtr } from '../reader/atr';
import { identifyCard } from '../reader/card-families';
import { ApduLog } from '../reader/card-session';
import type { PcscReaders } from '../reader/pcsc-readers';
import { pinPadVerifyCode, verifyPinOnReader } from '../reader/pinpad';
import { checkPin, checkPinOnReader, readCard, type CardReading } from '../reader/read-card';
import type { StationStore } from '../store/station-store';
import { enqueue } from '../sync/outbox';

export interface DevicesServiceDeps {
  store: StationStore;
  readers: PcscReaders;
  /** The server's credential types once synced, else the station's configuration. */
  credentialTypes: () => readonly CredentialType[];
  station: { id: string; name: string };
  actor: () => Actor;
  audit: AuditTrail;
  now: () => Date;
  events: StationEvents;
}

/** A FASC-N Serial Number with series and issue: its first 16 characters are the form recorded before issue 14. */
const LEGACY_PIV_SERIAL = /^[0-9]{4}-[0-9]{4}-[0-9]{6}-[0-9]-[0-9]$/;

/** + Device: read the card in a reader, enroll it for a person, and the person's device report. */
export function createDevicesService(deps: DevicesServiceDeps) {
  const apduLog = new ApduLog();
  deps.readers.on('changed', (status) => deps.events.emit('readers:changed', status));

  const applicant = (employeeNumber: string): Applicant => {
    const found = deps.store.data.applicants.find((a) => a.employeeNumber === employeeNumber);
    if (!found) throw new StationError('APPLICANT_NOT_FOUND', `No applicant has Employee Number ${employeeNumber} on this station.`, { employeeNumber });
    return found;
  };
  const typeOf = (person: Applicant): CredentialType => {
    const type = deps.credentialTypes().find((t) => t.id === person.credentialTypeId);
    if (!type) throw new StationError('INVALID_CREDENTIAL_TYPE', `The credential type of Employee Number ${person.employeeNumber} is not configured on this station. Contact your system administrator.`);
    return type;
  };
  /**
   * The device already enrolled with this Serial Number. PIV cards enrolled before Serial
   * Numbers carried the FASC-N's credential series and issue (issue 14) were recorded as
   * 'AAAA-SSSS-CCCCCC'; a card whose 'AAAA-SSSS-CCCCCC-S-I' starts with such a record is
   * taken for that card, so it is never enrolled twice (docs/virtual-cards.md, Serial Numbers).
   */
  const owner = (serialNumber: string): Device | undefined =>
    deps.store.data.devices.find((d) => d.serialNumber === serialNumber) ??
    (LEGACY_PIV_SERIAL.test(serialNumber) ? deps.store.data.devices.find((d) => d.cardType === 'piv' && d.serialNumber === serialNumber.slice(0, 16)) : undefined);

  const planFor = (serialNumber: string, employeeNumber: string): ReplacementPlan => replacementPlan({ serialNumber, employeeNumber }, deps.store.data.devices);
  const refuseSuperseded = (plan: ReplacementPlan, serialNumber: string): void => {
    if ('refused' in plan && plan.refused === 'superseded') {
      throw new StationError(
        'CARD_REPLACED',
        `This card (Serial Number ${serialNumber}) was replaced by card ${plan.device.serialNumber}, already enrolled to this person, so it is not enrolled again. Use the newest card.`,
        { serialNumber, replacedBy: plan.device.serialNumber },
      );
    }
  };

  /** How long a reader may take to list its part 10 features (vpcd and most readers answer at once). */
  const featureTimeoutMs = (): number => deps.readers.limits.apduTimeoutMs;
  const read = (readerName: string): Promise<{ reading: CardReading; apdus: number; pinPad: boolean }> =>
    deps.readers.withCard(readerName, async (card) => {
      const session = deps.readers.session(readerName, card, apduLog);
      const reading = await readCard(session);
      return { reading, apdus: session.apdus, pinPad: (await pinPadVerifyCode(card, featureTimeoutMs())) !== undefined };
    });

  function details(person: Applicant, readerName: string, reading: CardReading, pinPad = false): CardDetails {
    const type = typeOf(person);
    const enrolled = owner(reading.serialNumber);
    // A card of a credential another person holds (a replacement card of theirs) is theirs too.
    const plan = enrolled ? undefined : planFor(reading.serialNumber, person.employeeNumber);
    const existing = enrolled ?? (plan && 'refused' in plan && plan.refused === 'assigned-elsewhere' ? plan.device : undefined);
    const replaces = plan && 'replaces' in plan ? plan.replaces.map((d) => d.serialNumber) : [];
    const accepted = type.policy.acceptedCardTypes.includes(reading.cardType);
    const holder = existing ? deps.store.data.applicants.find((a) => a.employeeNumber === existing.employeeNumber) : undefined;
    return {
      readerName,
      serialNumber: reading.serialNumber,
      atr: reading.atr.hex,
      cardType: reading.cardType,
      cardFamily: reading.cardFamily,
      ...(existing ? { assignedTo: { employeeNumber: existing.employeeNumber, name: holder ? displayName(holder) : existing.employeeNumber } } : {}),
      policy: {
        credentialTypeName: type.name,
        accepted,
        acceptedCardTypes: type.policy.acceptedCardTypes.map((t) => CARD_TYPE_NAMES[t]),
        pinRequired: type.policy.pinRequiredForDeviceEnrollment && reading.cardType === 'piv',
      },
      status: !accepted ? 'not-accepted' : !existing ? 'ready' : existing.employeeNumber === person.employeeNumber ? 'enrolled-here' : 'assigned-elsewhere',
      ...(reading.pinTriesLeft !== undefined ? { pinTriesLeft: reading.pinTriesLeft } : {}),
      ...(replaces.length > 0 ? { replaces } : {}),
      pinPad,
    };
  }

  return {
    async status(): Promise<ReaderStatus> {
      return deps.readers.status();
    },

    async diagnostics({ readerName }: { readerName: string }): Promise<ReaderDiagnostics> {
      const status = deps.readers.status();
      if (!status.readers.some((r) => r.name === readerName)) throw new StationError('DEVICE_NOT_FOUND', `Device not found: there is no reader "${readerName}".`, { readerName });
      let atrHex: string | undefined;
      let atrExplained: string[] = [];
      let cardFamily: string | undefined;
      if (deps.readers.hasCard(readerName)) {
        await deps.readers
          .withCard(readerName, async (card) => {
            const atr = parseAtr(new Uint8Array(card.atr ?? []));
            atrHex = atr.hex;
            atrExplained = atr.explain;
            const family = identifyCard(atr);
            // The ATR only names the card; what it is comes from its applications when it is read.
            cardFamily = family.id === 'unknown' ? 'Not named by its ATR (the station asks the card for its applications when it reads it)' : family.name;
          })
          .catch((error: unknown) => {
            atrExplained = [error instanceof StationError ? error.message : `The ATR could not be read: ${(error as Error).message}`];
          });
      }
      return {
        readerName,
        cardPresent: deps.readers.hasCard(readerName),
        ...(atrHex ? { atr: atrHex } : {}),
        atrExplained,
        ...(cardFamily ? { cardFamily } : {}),
        apduLog: apduLog.for(readerName),
      };
    },

    async readCard({ readerName, employeeNumber }: { readerName: string; employeeNumber: string }): Promise<CardDetails> {
      const person = applicant(employeeNumber);
      const { reading, pinPad } = await read(readerName);
      return details(person, readerName, reading, pinPad);
    },

    async enroll({ employeeNumber, readerName, pin }: { employeeNumber: string; readerName: string; pin?: string | undefined }): Promise<Device> {
      const person = applicant(employeeNumber);
      const type = typeOf(person);
      return deps.readers.withCard(readerName, async (card) => {
        const session = deps.readers.session(readerName, card, apduLog);
        const reading = await readCard(session);
        const shown = details(person, readerName, reading);
        if (shown.status === 'not-accepted') {
          throw new StationError(
            'WRONG_CARD_TYPE',
            `This is a ${CARD_TYPE_NAMES[reading.cardType]} (${reading.cardFamily}); the credential type ${type.name} takes ${shown.policy.acceptedCardTypes.join(' or ')}. Use the right kind of card.`,
          );
        }
        if (shown.status === 'assigned-elsewhere' && shown.assignedTo) {
          // A card of the same credential as another person's card (their replacement) is refused as theirs.
          throw new StationError(
            'CARD_ALREADY_ASSIGNED',
            `This card (Serial Number ${reading.serialNumber}) is already enrolled to ${shown.assignedTo.name}, Employee Number ${shown.assignedTo.employeeNumber}. A card belongs to one person: use another card.`,
            { ...shown.assignedTo, serialNumber: reading.serialNumber },
          );
        }
        if (shown.policy.pinRequired) {
          // A PIN-pad reader takes the PIN on its keypad (PC/SC part 10); else the keyboard's PIN.
          const verifyCode = pin ? undefined : await pinPadVerifyCode(card, featureTimeoutMs());
          if (verifyCode !== undefined) await checkPinOnReader(session, () => verifyPinOnReader(card, verifyCode));
          else if (!pin) throw new StationError('PIN_REQUIRED', `The credential type ${type.name} needs the card holder's PIN to enroll this card. Ask them to enter it.`);
          else await checkPin(session, pin);
        }
        const existing = owner(reading.serialNumber);
        if (existing) return existing; // Enrolling the same card again for the same person changes nothing.
        refuseSuperseded(planFor(reading.serialNumber, employeeNumber), reading.serialNumber);

        const at = deps.now().toISOString();
        const actor = deps.actor();
        const device: Device = {
          id: randomUUID(),
          employeeNumber,
          serialNumber: reading.serialNumber,
          cardType: reading.cardType,
          cardFamily: reading.cardFamily,
          atr: reading.atr.hex,
          readerName,
          status: 'Added',
          enrolledAt: at,
          enrolledBy: actor.name,
          ...(actor.fingerprint ? { enrolledByFingerprint: actor.fingerprint } : {}),
          stationId: deps.station.id,
          credentials: [{ id: randomUUID(), credentialTypeId: type.id, status: type.policy.supervisorApprovalRequired ? 'PENDING' : 'ISSUED', issuedAt: at }],
        };
        await deps.store.commit((doc) => {
          if (doc.devices.some((d) => d.serialNumber === device.serialNumber)) {
            throw new StationError('CARD_ALREADY_ASSIGNED', `This card (Serial Number ${device.serialNumber}) was enrolled a moment ago at this station. Refresh Report Data.`);
          }
          // The rule again inside the commit (the store may have changed while the card was read).
          const plan = replacementPlan(device, doc.devices);
          if ('refused' in plan) {
            refuseSuperseded(plan, device.serialNumber);
            const holder = doc.applicants.find((a) => a.employeeNumber === plan.device.employeeNumber);
            const name = holder ? displayName(holder) : plan.device.employeeNumber;
            throw new StationError(
              'CARD_ALREADY_ASSIGNED',
              `This card (Serial Number ${device.serialNumber}) is of the same credential as card ${plan.device.serialNumber}, enrolled to ${name}, Employee Number ${plan.device.employeeNumber}. A card belongs to one person: use another card.`,
              { employeeNumber: plan.device.employeeNumber, name, serialNumber: device.serialNumber },
            );
          }
          const replaced = plan.replaces.map((old) => markReplaced(old, device, at));
          const history = deps.audit.changes(
            doc,
            [
              { action: 'device.enrolled', employeeNumber, recordId: device.id, summary: `${CARD_TYPE_NAMES[device.cardType]} Serial Number ${device.serialNumber} enrolled in ${readerName}; credential ${type.name} ${device.credentials[0]!.status}` },
              ...replaced.map((old) => ({
                action: 'device.replaced' as const,
                employeeNumber,
                recordId: old.id,
                summary: `${CARD_TYPE_NAMES[old.cardType]} Serial Number ${old.serialNumber} Replaced by card ${device.serialNumber}; its credentials REVOKED (Replaced by card ${device.serialNumber})`,
              })),
            ],
            at,
            actor,
          );
          return [
            { kind: 'device.enrolled', device },
            ...replaced.map((old) => ({ kind: 'device.upserted' as const, device: old })),
            ...history,
            ...enqueue(doc, { kind: 'device.enroll', device }, at, actor.fingerprint),
          ];
        });
        deps.events.emit('applicants:changed', { employeeNumber });
        return device;
      });
    },

    async report({ employeeNumber }: { employeeNumber: string }): Promise<Device[]> {
      applicant(employeeNumber);
      return deps.store.data.devices.filter((d) => d.employeeNumber === employeeNumber);
    },
  };
}
