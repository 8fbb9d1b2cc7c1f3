import { describe, expect, it } from 'vitest';
import { ApplicantInput, displayName, validateApplicant } from './applicant';
import { DEFAULT_CREDENTIAL_TYPES } from './credential-types';

const card = { credentialTypeId: 'piv-card-employee' };
const mobile = { credentialTypeId: 'mobile-pacs-employee' };

function valid(draft: Record<string, unknown>) {
  const result = validateApplicant(draft, DEFAULT_CREDENTIAL_TYPES);
  if (!result.ok) throw new Error(JSON.stringify(result.fieldErrors));
  return result.value;
}

function errorsOf(draft: Record<string, unknown>) {
  const result = validateApplicant(draft, DEFAULT_CREDENTIAL_TYPES);
  if (result.ok) throw new Error('expected validation errors');
  return result.fieldErrors;
}

describe('applicant names', () => {
  it.each([
    ['Seán', 'Ó Súilleabháin'],
    ["O'Brien-de la Cruz", 'Müller'],
    ['ŁUKASZ', 'żółć'],
    ['mary-kate', 'van der Berg'],
    ['李', '小龍'],
  ])('stores %s %s exactly as typed', (firstName, lastName) => {
    expect(valid({ firstName, lastName, ...card })).toMatchObject({ firstName, lastName });
  });

  it('trims only leading and trailing whitespace', () => {
    const value = valid({ firstName: '  Anne  Marie ', lastName: '\tDe Vries\n', ...card });
    expect(value.firstName).toBe('Anne  Marie');
    expect(value.lastName).toBe('De Vries');
  });

  it('requires FIRST NAME and LAST NAME', () => {
    const errors = errorsOf({ firstName: '   ', lastName: '', ...card });
    expect(errors.firstName).toEqual(['FIRST NAME is required']);
    expect(errors.lastName).toEqual(['LAST NAME is required']);
  });

  it('leaves MIDDLE NAME optional and drops it when blank', () => {
    expect(valid({ firstName: 'A', middleName: '  ', lastName: 'B', ...card }).middleName).toBeUndefined();
  });

  it.each([
    ['right-to-left override', 'Ann\u202Eeb', 'U+202E'],
    ['zero-width space', 'Jo\u200Bhn', 'U+200B'],
    ['null byte', 'Jo\u0000hn', 'U+0000'],
    ['inner tab', 'Jo\thn', 'U+0009'],
    ['line separator', 'Jo\u2028hn', 'U+2028'],
    ['no-break space', 'Jo\u00A0hn', 'U+00A0'],
    ['private use', 'Jo\uE000hn', 'U+E000'],
  ])('refuses a name with a %s', (_label, firstName, code) => {
    const errors = errorsOf({ firstName, lastName: 'Smith', ...card });
    expect(errors.firstName?.[0]).toContain(code);
  });

  it('refuses names over 64 characters, counting characters not UTF-16 units', () => {
    expect(valid({ firstName: '𝒜'.repeat(64), lastName: 'B', ...card }).firstName).toHaveLength(128);
    expect(errorsOf({ firstName: 'a'.repeat(65), lastName: 'B', ...card }).firstName?.[0]).toMatch(/at most 64/);
  });

  it('refuses a name without a letter', () => {
    expect(errorsOf({ firstName: '12345', lastName: 'B', ...card }).firstName?.[0]).toMatch(/at least one letter/);
  });

  it('joins the parts for display', () => {
    expect(displayName({ firstName: 'Seán', middleName: undefined, lastName: "O'Brien" })).toBe("Seán O'Brien");
  });
});

describe('optional identity fields', () => {
  it.each(['ann@example.org', 'a.b+tag@sub.example.co.uk', 'Ann.Lee@Example.ORG'])('accepts the email %s', (email) => {
    expect(valid({ firstName: 'A', lastName: 'B', email, ...card }).email).toBe(email);
  });

  it.each(['ann', 'ann@', '@example.org', 'ann@example', 'ann @example.org', 'ann@exa mple.org'])('refuses the email %s', (email) => {
    expect(errorsOf({ firstName: 'A', lastName: 'B', email, ...card }).email?.[0]).toMatch(/email address like/);
  });

  it.each(['jdoe@corp', 'j.doe@corp.example.com'])('accepts the UPN %s', (userPrincipalName) => {
    expect(valid({ firstName: 'A', lastName: 'B', userPrincipalName, ...card }).userPrincipalName).toBe(userPrincipalName);
  });

  it.each(['jdoe', 'jdoe@', '@corp', 'j doe@corp', 'jdoe@corp..com'])('refuses the UPN %s', (userPrincipalName) => {
    expect(errorsOf({ firstName: 'A', lastName: 'B', userPrincipalName, ...card }).userPrincipalName?.[0]).toMatch(/name@domain/);
  });

  it('refuses an invisible character in the linking key', () => {
    expect(errorsOf({ firstName: 'A', lastName: 'B', externalLinkingKey: 'HR-1\u200D2', ...card }).externalLinkingKey?.[0]).toContain('U+200D');
  });
});

describe('credential type policy', () => {
  it('requires EMAIL ADDRESS for a mobile-capable type', () => {
    expect(errorsOf({ firstName: 'A', lastName: 'B', ...mobile }).email).toEqual([
      'EMAIL ADDRESS is required for the credential type Mobile PACS – Employee',
    ]);
    expect(valid({ firstName: 'A', lastName: 'B', email: 'a@b.org', ...mobile }).email).toBe('a@b.org');
  });

  it('refuses a credential type that is not configured', () => {
    expect(errorsOf({ firstName: 'A', lastName: 'B', credentialTypeId: 'gold-card' }).credentialTypeId?.[0]).toMatch(/Invalid credential type/);
  });

  it('requires a credential type', () => {
    expect(errorsOf({ firstName: 'A', lastName: 'B', credentialTypeId: '' }).credentialTypeId).toEqual(['CREDENTIAL TYPE is required']);
  });

  it('refuses fields the form does not have', () => {
    expect(ApplicantInput.safeParse({ firstName: 'A', lastName: 'B', ...card, isAdmin: true }).success).toBe(false);
  });
});
