import { describe, expect, it } from 'vitest';
import type { Applicant } from './applicant';
import type { Device } from './device';
import { applicantTextIssues, checkText, deviceTextIssues, findUnstorableCharacter, textIssues } from './text-rules';

const applicant: Applicant = {
  employeeNumber: '20000001',
  firstName: 'Seán',
  lastName: "O'Brien-Łukasz",
  credentialTypeId: 'piv-card-employee',
  email: 'sean@example.org',
  createdAt: '2026-11-28T00:00:00.000Z',
  createdBy: 'Clara Clerk',
  stationId: 'b5a3c1f0-0000-4000-8000-000000000001',
};

const device: Device = {
  id: 'd1',
  employeeNumber: '20000001',
  serialNumber: 'FASC-N 1234',
  cardType: 'piv',
  cardFamily: 'PIV',
  atr: '3B 8C 80 01',
  readerName: 'Virtual PCD 00 00',
  status: 'Added',
  enrolledAt: '2026-11-28T00:00:00.000Z',
  enrolledBy: 'Clara Clerk',
  stationId: 's1',
  credentials: [{ id: 'c1', credentialTypeId: 'piv-card-employee', status: 'ISSUED', issuedAt: '2026-11-28T00:00:00.000Z' }],
};

describe('text rules shared by every tier', () => {
  it('finds what the database cannot hold: U+0000 and lone surrogates, not a paired emoji', () => {
    expect(findUnstorableCharacter('a\u0000b')).toBe('U+0000');
    expect(findUnstorableCharacter('a\uD800')).toBe('U+D800');
    expect(findUnstorableCharacter('\uDFFFa')).toBe('U+DFFF');
    expect(findUnstorableCharacter('ok 😀')).toBeUndefined();
  });

  it('names the field and the character, counts characters not UTF-16 units, and keeps line breaks only where allowed', () => {
    expect(checkText('a\u202Eb', { label: 'phone.model' })).toBe('phone.model contains an invisible or control character (U+202E); retype it');
    expect(checkText('😀'.repeat(60), { label: 'stationName', max: 60 })).toBeUndefined();
    expect(checkText('x'.repeat(61), { label: 'stationName', max: 60 })).toBe('stationName can be at most 60 characters (it has 61)');
    expect(checkText('line\nline', { label: 'pem', multiline: true })).toBeUndefined();
    expect(checkText('line\nline', { label: 'name' })).toMatch(/U\+000A/);
    expect(checkText('summary\u202E', { label: 'summary', storableOnly: true })).toBeUndefined();
    expect(checkText('summary\u0000', { label: 'summary', storableOnly: true })).toMatch(/U\+0000, which cannot be stored/);
  });

  it('checks an applicant record exactly as Add Applicant does, with its labels', () => {
    expect(applicantTextIssues(applicant)).toEqual([]);
    expect(applicantTextIssues({ ...applicant, firstName: 'Ann\u202E' })).toEqual([
      { path: 'applicant.firstName', message: 'FIRST NAME contains an invisible or control character (U+202E); retype it' },
    ]);
    expect(applicantTextIssues({ ...applicant, lastName: 'x'.repeat(100_000) })[0]).toEqual({ path: 'applicant.lastName', message: 'LAST NAME can be at most 64 characters' });
    expect(applicantTextIssues({ ...applicant, email: 'not-an-email' })[0]?.path).toBe('applicant.email');
    expect(applicantTextIssues({ ...applicant, createdBy: 'Clara\u200BClerk' })[0]?.path).toBe('applicant.createdBy');
  });

  it('checks a device record: serial number, reader, who enrolled it and its credentials', () => {
    expect(deviceTextIssues(device)).toEqual([]);
    expect(deviceTextIssues({ ...device, serialNumber: '1\r\n2' }).map((i) => i.path)).toEqual(['device.serialNumber']);
    expect(deviceTextIssues({ ...device, credentials: [{ ...device.credentials[0]!, id: '\uD800' }] }).map((i) => i.path)).toEqual(['device.credentials.0.id']);
  });

  it('walks every string of a value, object keys included', () => {
    expect(textIssues({ a: ['ok', 'b\u0000'], ['k\u200B']: 1 }).map((i) => i.path)).toEqual(['a.1', 'k\u200B']);
  });
});
