import { StationError } from '../../shared/contract/errors';
import type { CardType } from '../../shared/domain/device';
import { GET_UID, hex, responseData, statusWord } from './apdu';
import { AtrError, parseAtr, type ParsedAtr } from './atr';
import { identifyCard, isContactlessAtr } from './card-families';
import type { CardSession } from './card-session';
import { GET_CHUID, parseChuid, PIN_STATUS, pivSerialNumber, SELECT_PIV, verifyPin, type Chuid } from './piv';

/** What the station reads from a card to enroll it. */
export interface CardReading {
  atr: ParsedAtr;
  cardType: CardType;
  cardFamily: string;
  serialNumber: string;
  /** PIV cards: tries left before the PIN blocks (from VERIFY without data). */
  pinTriesLeft?: number;
  pinBlocked?: boolean;
}

function expectOk(response: Uint8Array, what: string): Uint8Array {
  const sw = statusWord(response);
  if (sw.kind !== 'ok') throw new StationError('CARD_ERROR', `The card refused ${what}: ${sw.message}. Check it is the right kind of card.`);
  return responseData(response);
}

/**
 * Identifies the card by what it answers, and reads its serial number.
 *
 * The ATR only names the card and gives hints (`identifyCard`): unless the table knows
 * the card for a storage card (no applications to select: MIFARE Classic, iCLASS, HID
 * Prox as the reader presents them), the station SELECTs the PIV application and a card
 * that accepts it is read as a PIV card, whatever its ATR says. A contactless card without
 * PIV falls back to its UID; any other card is not supported.
 */
export async function readCard(session: CardSession): Promise<CardReading> {
  let atr: ParsedAtr;
  try {
    atr = parseAtr(session.atr);
  } catch (error) {
    if (error instanceof AtrError) {
      throw new StationError('UNSUPPORTED_CARD', `Card not supported: the card's answer to reset (ATR ${hex(session.atr)}) is not valid: ${error.message}. This card cannot be enrolled.`);
    }
    throw error;
  }
  const family = identifyCard(atr);
  const contactless = family.contactless === true || isContactlessAtr(atr);
  let refused: string | undefined;
  if (!family.storage) {
    const selected = await session.transmit(SELECT_PIV);
    const sw = statusWord(selected);
    if (sw.kind === 'ok') return readPiv(session, atr, family.strategy === 'piv' ? family.name : `PIV card${contactless ? ', contactless' : ''} (found by its PIV application${family.id === 'unknown' ? '' : `; ATR of ${family.name}`})`);
    refused = sw.message;
  }
  if (contactless || family.strategy === 'contactless-uid') {
    const uid = expectOk(await session.transmit(GET_UID), 'to give its UID');
    if (uid.length < 4 || uid.length > 10) throw new StationError('CARD_ERROR', `The reader gave a card UID of ${uid.length} bytes (${hex(uid)}); a UID is 4 to 10 bytes. Take the card away from the reader and present it again.`);
    return { atr, cardType: 'contactless-uid', cardFamily: family.strategy === 'contactless-uid' ? family.name : `Contactless card (${family.name})`, serialNumber: hex(uid).replace(/ /g, '') };
  }
  throw new StationError(
    'UNSUPPORTED_CARD',
    `Card not supported: ${family.id === 'unknown' ? 'this card' : `this ${family.name}`} has no PIV application${refused ? ` (${refused})` : ''} and is not a contactless access card (ATR ${atr.hex}). Use a PIV card or a contactless access card.`,
    { atr: atr.hex },
  );
}

async function readPiv(session: CardSession, atr: ParsedAtr, cardFamily: string): Promise<CardReading> {
  let chuid: Chuid;
  try {
    chuid = parseChuid(expectOk(await session.transmit(GET_CHUID), 'its CHUID'));
    pivSerialNumber(chuid);
  } catch (error) {
    if (error instanceof StationError) throw error;
    throw new StationError('CARD_ERROR', `The card's identifier (CHUID) is not readable: ${(error as Error).message}. This card cannot be enrolled.`);
  }
  const pin = statusWord(await session.transmit(PIN_STATUS));
  return {
    atr,
    cardType: 'piv',
    cardFamily,
    serialNumber: pivSerialNumber(chuid),
    ...(pin.kind === 'pin-wrong' && pin.triesLeft !== undefined ? { pinTriesLeft: pin.triesLeft } : {}),
    ...(pin.kind === 'pin-blocked' ? { pinBlocked: true, pinTriesLeft: 0 } : {}),
  };
}

/**
 * Checks the card holder's PIN on a PIV card. The PIN bytes are wiped after use and
 * never logged (the APDU log masks VERIFY data).
 */
export async function checkPin(session: CardSession, pin: string): Promise<void> {
  const digits = new TextEncoder().encode(pin);
  let command: Uint8Array | undefined;
  try {
    expectOk(await session.transmit(SELECT_PIV), 'the PIV application');
    command = verifyPin(digits);
    pinVerdict(statusWord(await session.transmit(command)));
  } finally {
    digits.fill(0);
    command?.fill(0);
  }
}

/**
 * The PIN typed on a PIN-pad reader (PC/SC part 10 FEATURE_VERIFY_PIN_DIRECT, pinpad.ts; the code from
 * the reader's feature list): the PIV application is selected, then the reader is handed the
 * PIN_VERIFY_STRUCTURE and sends VERIFY itself; its answer is the card's status word.
 */
export async function checkPinOnReader(session: CardSession, verifyOnReader: () => Promise<Uint8Array>): Promise<void> {
  expectOk(await session.transmit(SELECT_PIV), 'the PIV application');
  const answer = await verifyOnReader();
  // Part 10 §2.5.2: the reader's own answers when no PIN reached the card.
  const sw = answer.length >= 2 ? (answer[answer.length - 2]! << 8) | answer[answer.length - 1]! : 0;
  if (sw === 0x6400) throw new StationError('PIN_REQUIRED', 'No PIN was entered on the reader in time. Click Enroll Device again and ask the card holder to enter their PIN on the reader.');
  if (sw === 0x6401) throw new StationError('PIN_REQUIRED', 'The PIN entry was cancelled on the reader. Click Enroll Device again and ask the card holder to enter their PIN on the reader.');
  if (sw === 0x6403) throw new StationError('PIN_REQUIRED', 'The PIN entered on the reader has too few or too many digits (6 to 8). Click Enroll Device again and ask the card holder to enter it on the reader.');
  pinVerdict(statusWord(answer));
}

/** What the card said to VERIFY, in the clerk's words; returns when the PIN was right. */
function pinVerdict(sw: ReturnType<typeof statusWord>): void {
  if (sw.kind === 'ok') return;
  if (sw.kind === 'pin-blocked') {
    throw new StationError('PIN_BLOCKED', 'The card is blocked: its PIN was entered wrongly too many times. Send the card holder to the card issuer to unblock or replace it.');
  }
  if (sw.kind === 'pin-wrong' && sw.triesLeft === 0) {
    throw new StationError('PIN_BLOCKED', 'Wrong PIN, and that was the last try: the card is now blocked. Send the card holder to the card issuer to unblock or replace it.');
  }
  if (sw.kind === 'pin-wrong') {
    throw new StationError('PIN_INCORRECT', `Wrong PIN: ${sw.triesLeft ?? 'few'} tries left before the card blocks. Ask the card holder to enter it again.`, { triesLeft: sw.triesLeft });
  }
  throw new StationError('CARD_ERROR', `The card refused the PIN check: ${sw.message}.`);
}
