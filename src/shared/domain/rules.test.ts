import { describe, expect, it } from 'vitest';
import type { Applicant } from './applicant';
import { findDuplicate } from './duplicates';
import { addBlock, allocateEmployeeNumber, remainingNumbers } from './employee-number';
import { searchApplicants } from './search';

function applicant(employeeNumber: string, fields: Partial<Applicant> = {}): Applicant {
  return {
    employeeNumber,
    firstName: 'Ann',
    lastName: 'Lee',
    credentialTypeId: 'piv-card-employee',
    createdAt: '2026-11-28T00:00:00.000Z',
    createdBy: 'clerk',
    stationId: 'station',
    ...fields,
  };
}

describe('duplicate rules', () => {
  const existing = [
    applicant('10000001', { email: 'Ann.Lee@Example.org', externalLinkingKey: 'HR-77', userPrincipalName: 'alee@corp' }),
  ];

  it('matches an email whatever its case', () => {
    expect(findDuplicate(existing, { firstName: 'X', lastName: 'Y', credentialTypeId: 'x', email: 'ann.lee@EXAMPLE.ORG' })).toEqual({
      employeeNumber: '10000001',
      matchedOn: ['email'],
    });
  });

  it('matches the linking key exactly and the UPN whatever its case', () => {
    const found = findDuplicate(existing, { firstName: 'X', lastName: 'Y', credentialTypeId: 'x', externalLinkingKey: 'HR-77', userPrincipalName: 'ALEE@corp' });
    expect(found?.matchedOn).toEqual(['externalLinkingKey', 'userPrincipalName']);
    expect(findDuplicate(existing, { firstName: 'X', lastName: 'Y', credentialTypeId: 'x', externalLinkingKey: 'hr-77' })).toBeUndefined();
  });

  it('does not treat the same name as the same person', () => {
    expect(findDuplicate(existing, { firstName: 'Ann', lastName: 'Lee', credentialTypeId: 'x' })).toBeUndefined();
  });
});

describe('employee number allocation', () => {
  const fresh = { range: { first: 10_000_000, last: 10_000_002 }, lastIssued: null, next: [] };

  it('issues 8-digit numbers in order from the range', () => {
    const a = allocateEmployeeNumber(fresh, () => false);
    expect(a).toMatchObject({ ok: true, employeeNumber: '10000000' });
    if (!a.ok) return;
    const b = allocateEmployeeNumber(a.allocator, () => false);
    expect(b).toMatchObject({ ok: true, employeeNumber: '10000001' });
    expect(remainingNumbers(b.ok ? b.allocator : fresh)).toBe(1);
  });

  it('skips numbers already taken', () => {
    expect(allocateEmployeeNumber(fresh, (n) => n === '10000000' || n === '10000001')).toMatchObject({ employeeNumber: '10000002' });
  });

  it('says so when the range is used up, never repeating a number', () => {
    expect(allocateEmployeeNumber({ ...fresh, lastIssued: 10_000_002 }, () => false)).toEqual({ ok: false, remaining: 0 });
  });

  it('moves on to leased blocks in order when the current range is used up', () => {
    const leased = addBlock(addBlock({ ...fresh, lastIssued: 10_000_002 }, { first: 20_000_500, last: 20_000_500 }), { first: 20_000_000, last: 20_000_001 });
    expect(remainingNumbers(leased)).toBe(3);
    const issued: string[] = [];
    let allocator = leased;
    for (;;) {
      const next = allocateEmployeeNumber(allocator, () => false);
      if (!next.ok) break;
      issued.push(next.employeeNumber);
      allocator = next.allocator;
    }
    expect(issued).toEqual(['20000500', '20000000', '20000001']);
    expect(remainingNumbers(allocator)).toBe(0);
  });
});

describe('search', () => {
  const people = [
    applicant('10000001', { firstName: 'Seán', lastName: "O'Brien-de la Cruz", email: 'sean@example.org' }),
    applicant('10000002', { firstName: 'ŁUKASZ', lastName: 'Nowak' }),
    applicant('10000003', { firstName: 'Ann', middleName: 'Marie', lastName: 'Lee', email: 'ann@corp.example' }),
  ];
  const numbers = (text: string) => searchApplicants(people, text, 50).applicants.map((a) => a.employeeNumber);

  it('finds any part of a name, ignoring case and accents', () => {
    expect(numbers('sean')).toEqual(['10000001']);
    expect(numbers('BRIEN')).toEqual(['10000001']);
    expect(numbers('lukasz')).toEqual(['10000002']);
    expect(numbers('marie')).toEqual(['10000003']);
    expect(numbers('de la cruz')).toEqual(['10000001']);
  });

  it('finds by Employee Number and by email', () => {
    expect(numbers('10000002')).toEqual(['10000002']);
    expect(numbers('ann@corp')).toEqual(['10000003']);
  });

  it('lists the newest first for an empty query and counts beyond the limit', () => {
    expect(searchApplicants(people, '', 2)).toMatchObject({ total: 3 });
    expect(searchApplicants(people, '', 2).applicants.map((a) => a.employeeNumber)).toEqual(['10000003', '10000002']);
  });
});
