import { createHash } from 'node:crypto';
import type { PcscCard } from './pcsc-devices';
import { StationError } from '../../shared/contract/errors';
import { responseData, statusWord, type StatusWord } from './apdu';
import { ApduLog, CardSession } from './card-session';
import type { PcscReaders } from './pcsc-readers';
import { SELECT_PIV, verifyPin } from './piv';
import { GET_AUTH_CERTIFICATE, generalAuthenticate, parseAuthCertificate, parseGeneralAuthenticateResponse, PivAuthError } from './piv-auth';

/**
 * An operator's own PIV card: the X.509 Certificate for PIV Authentication it holds, and
 * a signature by its key 9A over a challenge, once the operator's PIN is verified. What
 * the certificate is worth (trust, validity, revocation) is certificate-check.ts's job.
 */

export interface OperatorCardOptions {
  /** Where the exchanges are logged (PIN masked); default: a log of its own. */
  apduLog?: ApduLog;
}

export interface OperatorCardReading {
  certificateDer: Buffer;
}

export interface OperatorCardSignature {
  certificateDer: Buffer;
  /** DER ECDSA signature by the card's key 9A over SHA-256(challenge). */
  signature: Buffer;
}

/** Reads the operator certificate from the card in `readerName`. */
export function readOperatorCard(readers: PcscReaders, readerName: string, options: OperatorCardOptions = {}): Promise<OperatorCardReading> {
  return readers.withCard(readerName, async (card) => {
    const session = openSession(readers, readerName, card, options);
    return { certificateDer: await readCertificate(session) };
  });
}

/**
 * Reads the certificate, verifies the operator's PIN, and has the card sign SHA-256 of
 * `challenge` with its PIV Authentication key, all in one card session. The PIN bytes
 * (`pin` and the VERIFY command holding them) are wiped when done, whatever happens.
 */
export async function signWithOperatorCard(
  readers: PcscReaders,
  readerName: string,
  pin: Uint8Array,
  challenge: Buffer,
  options: OperatorCardOptions = {},
): Promise<OperatorCardSignature> {
  let command: Uint8Array | undefined;
  try {
    return await readers.withCard(readerName, async (card) => {
      const session = openSession(readers, readerName, card, options);
      const certificateDer = await readCertificate(session);
      try {
        command = verifyPin(pin);
      } catch (error) {
        throw new StationError('PIN_INCORRECT', `${(error as Error).message}. Enter the PIN of your operator card again.`);
      }
      const verified = statusWord(await session.transmit(command));
      command.fill(0);
      if (verified.kind !== 'ok') throw pinError(verified);

      const digest = createHash('sha256').update(challenge).digest();
      const answer = await session.transmit(generalAuthenticate(digest));
      const sw = statusWord(answer);
      if (sw.kind !== 'ok') {
        throw new StationError('CARD_ERROR', `Your operator card refused to sign: ${sw.message}. Take the card out, insert it again and retry; if it keeps failing, ask the card issuer to check the card.`);
      }
      let signature: Uint8Array;
      try {
        signature = parseGeneralAuthenticateResponse(responseData(answer));
      } catch (error) {
        if (!(error instanceof PivAuthError)) throw error;
        throw new StationError('CARD_ERROR', `${error.message} Take the card out, insert it again and retry; if it keeps failing, ask the card issuer to check the card.`);
      }
      return { certificateDer, signature: Buffer.from(signature) };
    });
  } finally {
    pin.fill(0);
    command?.fill(0);
  }
}

function openSession(readers: PcscReaders, readerName: string, card: PcscCard, options: OperatorCardOptions): CardSession {
  return readers.session(readerName, card, options.apduLog ?? new ApduLog());
}

function notAnOperatorCard(): StationError {
  return new StationError('NOT_AN_OPERATOR_CARD', 'This card holds no operator certificate. Use your own operator card.');
}

/** SELECT PIV, then GET DATA 5FC105: the certificate's DER. */
async function readCertificate(session: CardSession): Promise<Buffer> {
  // A card without the PIV application (a contactless badge, another kind of card) is no operator card.
  const selected = statusWord(await session.transmit(SELECT_PIV));
  if (selected.kind !== 'ok') throw notAnOperatorCard();
  const answer = await session.transmit(GET_AUTH_CERTIFICATE);
  const sw = statusWord(answer);
  if (sw.kind === 'not-found') throw notAnOperatorCard();
  if (sw.kind !== 'ok') throw new StationError('CARD_ERROR', `The card refused to give its operator certificate: ${sw.message}. Take the card out, insert it again and retry.`);
  try {
    return Buffer.from(parseAuthCertificate(responseData(answer)));
  } catch (error) {
    if (!(error instanceof PivAuthError)) throw error;
    if (error.reason === 'empty') throw notAnOperatorCard();
    if (error.reason === 'compressed') throw new StationError('CERT_UNREADABLE', error.message);
    throw new StationError('CERT_UNREADABLE', `${error.message} Ask the card issuer to check your operator card.`);
  }
}

/** The same codes and details as the card holder's PIN check (read-card.ts), in the operator's words. */
function pinError(sw: StatusWord): StationError {
  if (sw.kind === 'pin-blocked') {
    return new StationError('PIN_BLOCKED', 'Your operator card is blocked: its PIN was entered wrongly too many times. Ask the card issuer to unblock or replace it.');
  }
  if (sw.kind === 'pin-wrong' && sw.triesLeft === 0) {
    return new StationError('PIN_BLOCKED', 'Wrong PIN, and that was the last try: your operator card is now blocked. Ask the card issuer to unblock or replace it.');
  }
  if (sw.kind === 'pin-wrong') {
    const left = sw.triesLeft ?? 0;
    return new StationError('PIN_INCORRECT', `Wrong PIN: ${sw.triesLeft === undefined ? 'few' : left} ${left === 1 ? 'try' : 'tries'} left before your card blocks. Enter it again.`, { triesLeft: sw.triesLeft });
  }
  return new StationError('CARD_ERROR', `Your operator card refused the PIN check: ${sw.message}. Take the card out, insert it again and retry.`);
}
