import { describe, expect, it } from 'vitest';
import { validateApplicant } from '../../../shared/domain/applicant';
import { DEFAULT_CREDENTIAL_TYPES } from '../../../shared/domain/credential-types';
import { draftErrors, duplicateFromDetails, EMPTY_DRAFT, fieldErrorsFromDetails, fieldList } from './applicant-form';

const types = DEFAULT_CREDENTIAL_TYPES;

describe('draftErrors', () => {
  it('reports every missing required field at once', () => {
    const errors = draftErrors(EMPTY_DRAFT, types);
    expect(Object.keys(errors).sort()).toEqual(['credentialTypeId', 'firstName', 'lastName']);
    expect(errors.firstName).toEqual(['FIRST NAME is required']);
  });

  it("adds the credential type's required fields alongside syntax errors", () => {
    const errors = draftErrors({ ...EMPTY_DRAFT, lastName: 'Ng', credentialTypeId: 'mobile-pacs-employee' }, types);
    expect(errors.firstName).toBeDefined();
    expect(errors.email).toEqual(['EMAIL ADDRESS is required for the credential type Mobile PACS – Employee']);
  });

  it('agrees with validateApplicant when the draft is valid', () => {
    const draft = { ...EMPTY_DRAFT, firstName: ' Seán ', lastName: "O'Brien", credentialTypeId: 'mobile-pacs-employee', email: 'sean@example.org' };
    expect(draftErrors(draft, types)).toEqual({});
    expect(validateApplicant(draft, types).ok).toBe(true);
  });

  it('refuses a type the station does not offer', () => {
    const errors = draftErrors({ ...EMPTY_DRAFT, firstName: 'A', lastName: 'B', credentialTypeId: 'gone-type' }, types);
    expect(errors.credentialTypeId?.[0]).toMatch(/Invalid credential type/);
  });
});

describe('station details', () => {
  it('reads field errors and ignores unknown fields', () => {
    expect(fieldErrorsFromDetails({ fieldErrors: { email: ['bad'], other: ['x'], lastName: [3] } })).toEqual({ email: ['bad'] });
    expect(fieldErrorsFromDetails(undefined)).toEqual({});
  });

  it('reads a duplicate', () => {
    expect(duplicateFromDetails({ employeeNumber: '10000007', matchedOn: ['email', 'nonsense'] })).toEqual({
      employeeNumber: '10000007',
      matchedOn: ['email'],
    });
    expect(duplicateFromDetails({ matchedOn: ['email'] })).toBeUndefined();
  });

  it('lists fields in words', () => {
    expect(fieldList(['email'])).toBe('EMAIL ADDRESS');
    expect(fieldList(['email', 'userPrincipalName'])).toBe('EMAIL ADDRESS and USER PRINCIPAL NAME');
  });
});
