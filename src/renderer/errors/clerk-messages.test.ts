import { describe, expect, it } from 'vitest';
import { ErrorCode, StationError } from '../../shared/contract/errors';
import { CLERK_MESSAGES, describeError } from './clerk-messages';

describe('clerk messages', () => {
  it('has a title and a fix for every error code', () => {
    for (const code of ErrorCode.options) {
      const message = CLERK_MESSAGES[code];
      expect(message.title.length, code).toBeGreaterThan(3);
      // Each says what happened and what to do: at least two clauses, ending as a sentence.
      expect(message.fix, code).toMatch(/[.!]$/);
      expect(message.fix.length, code).toBeGreaterThan(40);
    }
  });

  it("uses the procedure's words for its troubleshooting entries", () => {
    expect(CLERK_MESSAGES.USER_ALREADY_EXISTS).toEqual({
      title: 'User already exists',
      fix: 'An account with this information already exists in the system. Search for existing user or use different credentials.',
    });
    expect(CLERK_MESSAGES.INVALID_CREDENTIAL_TYPE.title).toBe('Invalid credential type');
    expect(CLERK_MESSAGES.INVALID_CREDENTIAL_TYPE.fix).toMatch(/Contact your system administrator\.$|contact your system administrator\.$/);
    expect(CLERK_MESSAGES.NOT_CONNECTED.fix).toMatch(/Restart the station/);
  });

  it("uses the procedure's words for card readers", () => {
    expect(CLERK_MESSAGES.DEVICE_NOT_FOUND).toEqual({
      title: 'Device not found',
      fix: "The card reader is not properly connected or recognized. Verify the USB connection and check the reader's driver (Device Manager on Windows).",
    });
    // The troubleshooting table's "Device enrollment fails": verify the reader connection, check Device Manager.
    expect(CLERK_MESSAGES.CARD_ERROR.title).toBe('Device enrollment fails');
    expect(CLERK_MESSAGES.CARD_ERROR.fix).toMatch(/verify the card reader connection and check Device Manager for the driver status\.$/);
    expect(CLERK_MESSAGES.PCSC_NOT_RUNNING.title).toBe('PC/SC service not running');
    expect(CLERK_MESSAGES.PCSC_NOT_RUNNING.fix).toMatch(/Start the smart card service/);
    expect(CLERK_MESSAGES.NO_CARD.fix).toMatch(/^Insert the card/);
    expect(CLERK_MESSAGES.CARD_REMOVED.fix).toMatch(/keep it in the reader until the station says it is done/);
  });

  it('names the reader, the tries left and the card holder from the details', () => {
    expect(describeError({ code: 'NO_CARD', message: 'x', details: { readerName: 'Virtual PCD 00 00' } }).fix).toMatch(
      /^Insert the card in Virtual PCD 00 00/,
    );
    const wrongPin = describeError({ code: 'PIN_INCORRECT', message: 'Wrong PIN: 2 tries left', details: { triesLeft: 2 } });
    expect(wrongPin.title).toBe('Wrong PIN');
    expect(wrongPin.fix).toMatch(/2 tries left before the card blocks/);
    expect(describeError({ code: 'PIN_INCORRECT', message: '', details: { triesLeft: 1 } }).fix).toMatch(/1 try left/);
    expect(describeError({ code: 'PIN_INCORRECT', message: '' }).fix).toBe(CLERK_MESSAGES.PIN_INCORRECT.fix);
    const taken = describeError({
      code: 'CARD_ALREADY_ASSIGNED',
      message: 'This card…',
      details: { employeeNumber: '10000002', name: 'Grace Hopper', serialNumber: '4D2A' },
    });
    expect(taken.title).toBe('Card already assigned');
    expect(taken.fix).toMatch(/already enrolled to Grace Hopper \(Employee Number 10000002\)/);
    expect(taken.detail).toBeUndefined();
    expect(CLERK_MESSAGES.PIN_BLOCKED.fix).toMatch(/Do not try again/);
  });

  it('a card that does not answer in time is the card, not the reader (issue 14)', () => {
    const slow = describeError({
      code: 'CARD_ERROR',
      message: 'The card in Virtual PCD 00 00 is not responding: it gave no answer within 5 s. Take it out and insert it again; if it happens again, the card is faulty: use another card.',
      details: { readerName: 'Virtual PCD 00 00', reason: 'timeout' },
    });
    expect(slow.title).toBe('Device enrollment fails');
    expect(slow.fix).toMatch(/the card is faulty: use another card/);
    expect(slow.fix).not.toMatch(/Device Manager/);
    expect(slow.detail).toMatch(/not responding: it gave no answer within 5 s/);
    expect(describeError({ code: 'CARD_ERROR', message: 'x', details: { reason: 'response-chain' } }).fix).toMatch(/use another card/);
    expect(describeError({ code: 'CARD_ERROR', message: 'x' }).fix).toBe(CLERK_MESSAGES.CARD_ERROR.fix);
  });

  it("keeps the station's sentence where it helps support (the ATR, the card's kind)", () => {
    expect(describeError({ code: 'UNSUPPORTED_CARD', message: 'This card is not supported (ATR 3B 00).' }).detail).toMatch(/ATR 3B 00/);
    expect(describeError({ code: 'CARD_ERROR', message: 'The card refused its CHUID: 6A 82.' }).detail).toMatch(/6A 82/);
    expect(describeError({ code: 'PCSC_NOT_RUNNING', message: 'PC/SC service not running: …' }).detail).toBeUndefined();
  });

  it('says what to do when the central server cannot be reached or refuses the station', () => {
    expect(CLERK_MESSAGES.SERVER_UNREACHABLE.fix).toMatch(/work continues on this station/);
    expect(CLERK_MESSAGES.REGISTRATION_REFUSED.fix).toMatch(/ask the site administrator for a new one\.$/);
    expect(CLERK_MESSAGES.ALREADY_REGISTERED.title).toBe('Station already registered');
    expect(CLERK_MESSAGES.REVIEW_NOT_FOUND.fix).toMatch(/another clerk may have decided it already/);
    // The server's own reason (token used, expired) helps the administrator.
    expect(describeError({ code: 'REGISTRATION_REFUSED', message: 'This token was already used.' }).detail).toBe('This token was already used.');
  });

  it("uses the procedure's words for mobile credentials", () => {
    expect(CLERK_MESSAGES.PROVISIONING_FAILED).toEqual({
      title: 'Failed to provision credential',
      fix: 'Network or server connectivity issue. Verify internet connection and retry the provisioning process.',
    });
    expect(CLERK_MESSAGES.INVALID_CREDENTIAL_TYPE.fix).toBe(
      'The selected credential type is not configured for mobile credentials. Contact your system administrator.',
    );
    expect(CLERK_MESSAGES.CREDENTIAL_PENDING.title).toBe("Credential status shows 'Pending'");
    expect(CLERK_MESSAGES.CREDENTIAL_PENDING.fix).toMatch(/Complete device enrollment and refresh page status/);
    // Add Applicant's unknown type is about this station, not about mobile credentials.
    const addApplicant = describeError({ code: 'INVALID_CREDENTIAL_TYPE', message: 'x', details: { fieldErrors: { credentialTypeId: ['Invalid credential type'] } } });
    expect(addApplicant.fix).toMatch(/^The selected credential type is not configured on this station/);
  });

  it("keeps only the part of the station's sentence that the clerk does not already read", () => {
    const fix = CLERK_MESSAGES.PROVISIONING_FAILED.fix;
    const failed = describeError({ code: 'PROVISIONING_FAILED', message: `Failed to provision credential: the central server did not answer (timeout). ${fix}` });
    expect(failed.detail).toBe('The central server did not answer (timeout).');
    expect(describeError({ code: 'PROVISIONING_FAILED', message: `Failed to provision credential: ${fix}` }).detail).toBeUndefined();
  });

  it('reads a plain wire error (what window.station rejects with)', () => {
    const described = describeError({ code: 'NOT_CONNECTED', message: 'The connection to the station was lost.' });
    expect(described.title).toBe('Station not connected');
    expect(described.detail).toBe('The connection to the station was lost.');
  });

  it('reads a StationError and keeps its details', () => {
    const described = describeError(
      new StationError('USER_ALREADY_EXISTS', 'An account…', { employeeNumber: '10000001', matchedOn: ['email'] }),
    );
    expect(described.code).toBe('USER_ALREADY_EXISTS');
    expect(described.detail).toBeUndefined();
    expect(described.wire.details).toEqual({ employeeNumber: '10000001', matchedOn: ['email'] });
  });

  it('treats anything else as INTERNAL', () => {
    expect(describeError(new TypeError('x is undefined')).code).toBe('INTERNAL');
    expect(describeError('boom').code).toBe('INTERNAL');
  });
});
