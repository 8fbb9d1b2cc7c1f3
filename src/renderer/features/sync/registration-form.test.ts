import { describe, expect, it } from 'vitest';
import { checkRegistration, normalizeToken, registrationErrorsFromDetails } from './registration-form';

const TOKEN = 'EST-ABCDE-12345-FGHIJ-67890-KLMNO';

describe('station registration form', () => {
  it('reads a pasted token in lower case, with spaces or typographic dashes', () => {
    expect(normalizeToken('  est-abcde-12345-fghij-67890-klmno ')).toBe(TOKEN);
    expect(normalizeToken('EST ABCDE 12345 FGHIJ 67890 KLMNO')).toBe(TOKEN);
    expect(normalizeToken('est\u2013abcde\u201312345 fghij-67890-klmno')).toBe(TOKEN);
    expect(normalizeToken(' abc ')).toBe('ABC');
  });

  it('says which field to fix', () => {
    const checked = checkRegistration({ serverUrl: 'credentials.example.org', token: 'EST-123' });
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(checked.fieldErrors.serverUrl?.[0]).toMatch(/server address/i);
    expect(checked.fieldErrors.token?.[0]).toMatch(/looks like EST-XXXXX/);
    expect(checkRegistration({ serverUrl: ' https://credentials.example.org ', token: TOKEN })).toEqual({
      ok: true,
      value: { serverUrl: 'https://credentials.example.org', token: TOKEN },
    });
  });

  it("reads the station's field errors and ignores anything else", () => {
    expect(registrationErrorsFromDetails({ fieldErrors: { token: ['Bad token'], other: ['x'], serverUrl: 'not a list' } })).toEqual({
      token: ['Bad token'],
    });
    expect(registrationErrorsFromDetails(undefined)).toEqual({});
  });
});
