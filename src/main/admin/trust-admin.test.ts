import { beforeAll, describe, expect, it } from 'vitest';
import { createTestCa, type OperatorIdentity } from '../../../tests/support/operator-pki';
import { StationError } from '../../shared/contract/errors';
import { certificatePem } from './certificate-text';
import { revocationFreshness } from './trust-admin';

const HOUR = 3_600_000;

describe('the revocation list\'s freshness at this station', () => {
  const checkedAt = '2026-12-07T08:00:00.000Z';
  const at = (hours: number) => new Date(Date.parse(checkedAt) + hours * HOUR);

  it('is due 24 hours after the station last had the registry; no warning with more than 4 hours left', () => {
    expect(revocationFreshness(checkedAt, at(19))).toEqual({ stationCheckedAt: checkedAt, nextUpdateDueAt: '2026-12-08T08:00:00.000Z', warning: null });
  });

  it('warns with less than 4 hours left, saying how long', () => {
    expect(revocationFreshness(checkedAt, at(21.5)).warning).toMatch(/^This station's revocation list is due in 2 h 30 min: after that operators cannot sign in here/);
  });

  it('says sign-in is refused once past, or when it never arrived', () => {
    expect(revocationFreshness(checkedAt, at(25)).warning).toMatch(/older than 24 hours: operators cannot sign in here/);
    expect(revocationFreshness(null, at(0))).toMatchObject({ nextUpdateDueAt: null, warning: expect.stringMatching(/never received the revocation list/) });
  });
});

describe('a certificate file as uploaded', () => {
  let who: OperatorIdentity;
  beforeAll(async () => {
    who = await (await createTestCa()).issue({ name: 'Nina Nobody' });
  });

  it('takes PEM (also inside other text) and DER as base64, answering PEM', () => {
    expect(certificatePem(who.certificatePem)).toBe(who.certificatePem);
    expect(certificatePem(`Bag Attributes\n${who.certificatePem}`)).toBe(who.certificatePem);
    expect(certificatePem(Buffer.from(who.certificateDer).toString('base64'))).toBe(who.certificatePem);
  });

  it('refuses anything else in words', () => {
    for (const text of ['not a certificate', 'AAAA', '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----']) {
      let error: unknown;
      try {
        certificatePem(text);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(StationError);
      expect(error).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringContaining('could not be read: choose an X.509 certificate as PEM') });
    }
  });
});
