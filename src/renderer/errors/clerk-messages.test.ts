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
