import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { CardDetails } from '../../../shared/contract/devices';
import type { Applicant } from '../../../shared/domain/applicant';
import type { Device } from '../../../shared/domain/device';
import { isPinFormat, PIN_DIGITS_TEXT } from '../../../shared/domain/pin';
import { useStation } from '../../app/station-context';
import type { ClerkError } from '../../errors/clerk-messages';
import { useStationQuery } from '../../lib/use-station-query';
import { defaultReader, rememberReader, useLastReader, useReaders } from '../../stores/readers-store';
import { describeCallFailure } from '../../stores/station-info-store';
import { canEnroll } from './card-words';

/** Said under the PIN field itself, where the card holder's eyes are, not in a box below. */
export const PIN_FIELD_ERRORS: ReadonlySet<string> = new Set(['PIN_INCORRECT', 'PIN_REQUIRED']);

/** A read of the card in the chosen reader: what came back. */
export type Reading = { details: CardDetails } | { error: ClerkError };
/** What Enroll Device last said about that card, and the tries left it reported. */
interface Refusal {
  key: string;
  error: ClerkError;
  triesLeft?: number;
}

/**
 * + Device's state and submission: the reader chosen (or suggested), the card read at
 * once when it goes in, the PIN, and Enroll Device. The view is EnrollDeviceDialog.
 */
export function useEnrollDevice({ open, applicant, onClose, onEnrolled }: { open: boolean; applicant: Applicant; onClose: () => void; onEnrolled: (device: Device) => void }) {
  const station = useStation();
  const { employeeNumber } = applicant;
  const readers = useReaders();
  const [chosen, setChosen] = useState('');
  const [pin, setPin] = useState({ key: '', value: '' });
  const [pinProblem, setPinProblem] = useState<string>();
  const [refusal, setRefusal] = useState<Refusal>();
  const [enrolling, setEnrolling] = useState(false);
  const pinRef = useRef<HTMLInputElement>(null);
  const enrollRef = useRef<HTMLButtonElement>(null);
  const refusalRef = useRef<HTMLDivElement>(null);

  const lastUsed = useLastReader((s) => s.name);
  // A chosen reader that is unplugged is no longer chosen; until the clerk chooses, the station suggests one.
  const available = readers.readers;
  const selected = available.some((r) => r.name === chosen) ? chosen : defaultReader(available, lastUsed);
  const cardPresent = available.find((r) => r.name === selected)?.cardPresent === true;
  const [readAgain, setReadAgain] = useState(0);
  // A new key for every card put in (and for "Read the card again"): the details shown are always this card's.
  const readKey = open && selected !== '' && cardPresent ? `${selected}\n${readers.insertions[selected] ?? 0}\n${readAgain}` : '';
  const read = useStationQuery((api) => api.devices.readCard({ readerName: selected, employeeNumber }), [readKey, employeeNumber], {
    enabled: readKey !== '',
  });
  const readCardAgain = () => setReadAgain((n) => n + 1);

  const shown: Reading | undefined = readKey === '' || read.loading ? undefined : read.error ? { error: read.error } : read.data ? { details: read.data } : undefined;
  const refused = refusal?.key === readKey ? refusal : undefined;
  const pinValue = pin.key === readKey ? pin.value : '';
  const details = shown && 'details' in shown ? withTriesLeft(shown.details, refused?.triesLeft) : undefined;
  const enrollable = details !== undefined && canEnroll(details);
  // A PIN-pad reader (PC/SC part 10) takes the PIN on its own keypad: no PIN field then.
  const pinOnReader = enrollable && details.policy.pinRequired && details.pinPad === true;
  const needsPin = enrollable && details.policy.pinRequired && !pinOnReader;

  // Focus goes where the work continues: the PIN for the card holder, else Enroll Device.
  const detailsShown = details !== undefined;
  useEffect(() => {
    if (!detailsShown) return;
    if (needsPin) pinRef.current?.focus();
    else if (enrollable) enrollRef.current?.focus();
  }, [detailsShown, needsPin, enrollable]);

  const close = () => {
    if (!enrolling) onClose();
  };

  const chooseReader = (name: string) => {
    setChosen(name);
    rememberReader(name);
  };

  const typePin = (value: string) => {
    setPin({ key: readKey, value });
    setPinProblem(undefined);
  };

  const enroll = async (event: FormEvent) => {
    event.preventDefault();
    if (!details || !enrollable || enrolling) return;
    if (needsPin && !isPinFormat(pinValue)) {
      setPinProblem(`The PIN has ${PIN_DIGITS_TEXT}. Ask the card holder to type it again.`);
      pinRef.current?.focus();
      return;
    }
    setPinProblem(undefined);
    setRefusal(undefined);
    setEnrolling(true);
    const key = readKey;
    try {
      const device = await station.devices.enroll({ employeeNumber, readerName: selected, ...(needsPin ? { pin: pinValue } : {}) });
      rememberReader(selected);
      onEnrolled(device);
    } catch (reason) {
      setEnrolling(false);
      const error = describeCallFailure(reason);
      const triesLeft = error.code === 'PIN_BLOCKED' ? 0 : error.code === 'PIN_INCORRECT' ? numberOr(error.wire.details?.triesLeft) : undefined;
      setRefusal(triesLeft === undefined ? { key, error } : { key, error, triesLeft });
      // A wrong PIN is typed again from scratch; the dialog stays open with the tries left.
      if (error.code === 'PIN_INCORRECT') setPin({ key, value: '' });
    }
  };

  // After a refusal, focus lands on the PIN to type again, or on what went wrong.
  useEffect(() => {
    if (!refused) return;
    if (PIN_FIELD_ERRORS.has(refused.error.code) && pinRef.current) pinRef.current.focus();
    else refusalRef.current?.focus();
  }, [refused]);

  const enrollDisabled = !enrollable || enrolling || (needsPin && pinValue === '');
  const pinFieldError = needsPin && refused !== undefined && PIN_FIELD_ERRORS.has(refused.error.code);
  // "Wrong PIN: 2 tries left before the card blocks. Ask the card holder to type the PIN again."
  const pinError = pinProblem ?? (pinFieldError ? `${refused.error.title}: ${lowerFirst(refused.error.fix)}` : undefined);

  return {
    readers,
    available,
    selected,
    chooseReader,
    cardPresent,
    shown,
    details,
    readCardAgain,
    refused,
    pinOnReader,
    needsPin,
    pinValue,
    typePin,
    pinError,
    pinFieldError,
    enrolling,
    enrollDisabled,
    enroll,
    close,
    refs: { pinRef, enrollRef, refusalRef },
  };
}

function withTriesLeft(details: CardDetails, triesLeft: number | undefined): CardDetails {
  return triesLeft === undefined ? details : { ...details, pinTriesLeft: triesLeft };
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

function numberOr(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : undefined;
}
