import { createHash, randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { checkOperatorCertificate, verifyChallengeSignature, type OperatorTrust } from '../../src/main/operators/certificate-check';
import { readOperatorCard, signWithOperatorCard } from '../../src/main/reader/operator-card';
import { PcscReaders } from '../../src/main/reader/pcsc-readers';
import { StationError } from '../../src/shared/contract/errors';
import { createTestCa, untrustedOperator, type OperatorIdentity, type TestCa } from '../support/operator-pki';
import { startPrivatePcscd, type PrivatePcscd } from '../support/pcsc/private-pcscd';
import { APDU, contactlessCard, pivCard, SW, type PivCard } from '../support/pcsc/virtual-cards';
import { VpcdCard } from '../support/pcsc/vpcd-card';
import { until } from '../support/until';
import { smartcardDevices } from '../../src/main/reader/smartcard-devices';

/**
 * Operator sign-in's card side over the real stack: the station's PcscReaders (smartcard
 * binding → libpcsclite) in this test process → a private pcscd → vpcd → the virtual PIV
 * card holding an operator certificate and key. Nothing mocked.
 */
let pcscd: PrivatePcscd;
let readers: PcscReaders;
let ca: TestCa;
let alice: OperatorIdentity;
let trust: OperatorTrust;
let inserted: VpcdCard | undefined;
const READER = () => pcscd.readerNames[0];
const pin = (digits = '123456') => Buffer.from(digits, 'ascii');

async function insert(behaviour: ConstructorParameters<typeof VpcdCard>[0]): Promise<VpcdCard> {
  const card = new VpcdCard(behaviour, { port: pcscd.vpcdPorts[0] });
  await card.insert();
  inserted = card;
  await until(() => readers.hasCard(READER()), 'the card to be seen in the reader');
  return card;
}

function operatorCard(identity: OperatorIdentity, options: Parameters<typeof pivCard>[0] = {}): PivCard {
  return pivCard({ ...options, operator: { certificateDer: identity.certificateDer, privateKeyScalar: identity.privateKeyScalar } });
}

async function failure(promise: Promise<unknown>): Promise<StationError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(StationError);
  return error as StationError;
}

beforeAll(async () => {
  pcscd = await startPrivatePcscd();
  // libpcsclite reads the socket path when this process makes its first PC/SC context.
  process.env.PCSCLITE_CSOCK_NAME = pcscd.env.PCSCLITE_CSOCK_NAME;
  readers = new PcscReaders(smartcardDevices, { log: () => undefined });
  readers.start();
  await until(() => readers.status().readers.some((r) => r.name === READER()), 'the virtual reader');
  ca = await createTestCa('Example Org Operator CA');
  alice = await ca.issue({ name: 'Alice Clerk' });
  trust = { caCertificates: [ca.certificatePem], revokedCertificates: [], checkedAt: new Date().toISOString() };
});
afterEach(async () => {
  const card = inserted;
  inserted = undefined;
  if (!card) return;
  await card.remove();
  await until(() => !readers.hasCard(READER()), 'the card to leave the reader');
});
afterAll(async () => {
  readers?.stop();
  await pcscd?.stop();
});

describe('operator card in a real reader', () => {
  it('gives its certificate, read over GET RESPONSE because it is longer than one answer', async () => {
    const vpcd = await insert(operatorCard(alice));
    const { certificateDer } = await readOperatorCard(readers, READER());
    expect(certificateDer.equals(alice.certificateDer)).toBe(true);
    expect(alice.certificateDer.length).toBeGreaterThan(256);
    expect(vpcd.exchanges.some((e) => e.command[1] === 0xc0)).toBe(true);
    expect(checkOperatorCertificate(certificateDer, trust, new Date())).toMatchObject({ ok: true, subject: 'Alice Clerk', fingerprint: alice.fingerprint });
  });

  it('signs a fresh challenge with the right PIN; the signature proves the certificate key; the PIN is wiped', async () => {
    const card = operatorCard(alice);
    const vpcd = await insert(card);
    const challenge = randomBytes(32);
    const digits = pin();
    const signed = await signWithOperatorCard(readers, READER(), digits, challenge);
    expect(signed.certificateDer.equals(alice.certificateDer)).toBe(true);
    expect(verifyChallengeSignature(signed.certificateDer, challenge, signed.signature)).toBe(true);
    expect(verifyChallengeSignature(signed.certificateDer, randomBytes(32), signed.signature)).toBe(false);
    expect(card.signatures).toBe(1);
    expect([...digits]).toEqual([0, 0, 0, 0, 0, 0]);
    // The card signed SHA-256 of the challenge, sent in the template.
    const authenticate = vpcd.exchanges.find((e) => e.command[1] === 0x87)!;
    expect(authenticate.command.subarray(11, 43).equals(createHash('sha256').update(challenge).digest())).toBe(true);
  });

  it('says how many tries are left after a wrong PIN and never signs; blocks after the last one', async () => {
    const card = operatorCard(alice, { pinTries: 3 });
    const vpcd = await insert(card);
    const wrong = await failure(signWithOperatorCard(readers, READER(), pin('654321'), randomBytes(32)));
    expect(wrong.code).toBe('PIN_INCORRECT');
    expect(wrong.details).toEqual({ triesLeft: 2 });
    expect(wrong.message).toBe('Wrong PIN: 2 tries left before your card blocks. Enter it again.');
    expect((await failure(signWithOperatorCard(readers, READER(), pin('654321'), randomBytes(32)))).message).toMatch(/1 try left/);
    const last = await failure(signWithOperatorCard(readers, READER(), pin('654321'), randomBytes(32)));
    expect(last.code).toBe('PIN_BLOCKED');
    expect(last.message).toMatch(/now blocked/);
    const blocked = await failure(signWithOperatorCard(readers, READER(), pin(), randomBytes(32)));
    expect(blocked.code).toBe('PIN_BLOCKED');
    expect(blocked.message).toMatch(/Ask the card issuer/);
    expect(card.signatures).toBe(0);
    expect(vpcd.exchanges.some((e) => e.command[1] === 0x87)).toBe(false);
  });

  it('refuses a PIN that is not 6 to 8 digits without spending a try', async () => {
    const card = operatorCard(alice);
    await insert(card);
    const error = await failure(signWithOperatorCard(readers, READER(), pin('12ab'), randomBytes(32)));
    expect(error.code).toBe('PIN_INCORRECT');
    expect(card.pinTriesLeft).toBe(3);
    expect(card.signatures).toBe(0);
  });

  it('calls a PIV card without an operator certificate, and a contactless badge, no operator card', async () => {
    await insert(pivCard({ serial: '104242' }));
    const read = await failure(readOperatorCard(readers, READER()));
    expect(read.code).toBe('NOT_AN_OPERATOR_CARD');
    expect(read.message).toBe('This card holds no operator certificate. Use your own operator card.');
    const signed = await failure(signWithOperatorCard(readers, READER(), pin(), randomBytes(32)));
    expect(signed.code).toBe('NOT_AN_OPERATOR_CARD');
    await inserted!.remove();
    await until(() => !readers.hasCard(READER()), 'the card to leave the reader');
    await insert(contactlessCard({ uid: '04A1B2C3' }));
    expect((await failure(readOperatorCard(readers, READER()))).code).toBe('NOT_AN_OPERATOR_CARD');
  });

  it('refuses a card whose certificate is stored compressed', async () => {
    await insert(pivCard({ operator: { certificateDer: alice.certificateDer, privateKey: alice.privateKey, certInfo: 0x01 } }));
    const error = await failure(readOperatorCard(readers, READER()));
    expect(error.code).toBe('CERT_UNREADABLE');
    expect(error.message).toMatch(/compressed/);
  });

  it('reads expired, untrusted and revoked certificates, which the check refuses with their codes', async () => {
    const expired = await ca.issue({ name: 'Old Timer', expired: true });
    const stranger = await untrustedOperator('Eve Intruder');
    const revoked = await ca.issue({ name: 'Rex Revoked' });
    const withRevocation: OperatorTrust = { ...trust, revokedCertificates: [{ fingerprint: revoked.fingerprint, revokedAt: new Date().toISOString(), reason: 'card lost' }] };
    const cases: [OperatorIdentity, string][] = [
      [expired, 'CERT_EXPIRED'],
      [stranger, 'CERT_UNTRUSTED'],
      [revoked, 'CERT_REVOKED'],
    ];
    for (const [identity, code] of cases) {
      await insert(operatorCard(identity));
      const { certificateDer, signature } = await signWithOperatorCard(readers, READER(), pin(), Buffer.from('challenge'));
      // The card itself works: the certificate is what is refused.
      expect(verifyChallengeSignature(certificateDer, Buffer.from('challenge'), signature)).toBe(true);
      expect(checkOperatorCertificate(certificateDer, withRevocation, new Date())).toMatchObject({ ok: false, code });
      await inserted!.remove();
      inserted = undefined;
      await until(() => !readers.hasCard(READER()), 'the card to leave the reader');
    }
  });
});

describe('virtual operator card (APDU level)', () => {
  const digest = createHash('sha256').update('x').digest();
  const swOf = (response: Buffer): number => response.readUInt16BE(response.length - 2);

  it('signs only after the PIN, only with key 9A and algorithm 11, only a well-formed template', () => {
    const card = operatorCard(alice);
    card.reset();
    expect(swOf(card.respond(APDU.generalAuthenticate(digest)))).toBe(SW.CONDITIONS_NOT_SATISFIED); // not selected
    expect(swOf(card.respond(APDU.selectPiv))).toBe(SW.OK);
    expect(swOf(card.respond(APDU.generalAuthenticate(digest)))).toBe(SW.SECURITY_NOT_SATISFIED);
    expect(swOf(card.respond(APDU.verifyPin('123456')))).toBe(SW.OK);
    expect(swOf(card.respond(APDU.generalAuthenticate(digest, 0x07)))).toBe(SW.INCORRECT_P1P2); // RSA 2048
    expect(swOf(card.respond(APDU.generalAuthenticate(digest, 0x11, 0x9c)))).toBe(SW.INCORRECT_P1P2); // signature key
    expect(swOf(card.respond(APDU.generalAuthenticate(digest.subarray(0, 20))))).toBe(SW.WRONG_DATA);
    expect(swOf(card.respond(Buffer.from('0087119A047C028200', 'hex')))).toBe(SW.WRONG_DATA);
    expect(card.signatures).toBe(0);
    const answer = card.respond(APDU.generalAuthenticate(digest));
    expect(swOf(answer)).toBe(SW.OK);
    expect(answer[0]).toBe(0x7c);
    expect(card.signatures).toBe(1);
  });

  it('leaves a PIV card without an operator without key 9A: no certificate, GENERAL AUTHENTICATE with 9A refused', () => {
    const card = pivCard();
    card.reset();
    card.respond(APDU.selectPiv);
    expect(swOf(card.respond(APDU.getData('5FC105')))).toBe(SW.NOT_FOUND);
    card.respond(APDU.verifyPin('123456'));
    // Every PIV card has its Card Authentication key (9E, virtual-piv-card.test.ts); none has a 9A key.
    expect(swOf(card.respond(APDU.generalAuthenticate(digest)))).toBe(SW.INCORRECT_P1P2);
    expect(card.signatures).toBe(0);
  });
});
