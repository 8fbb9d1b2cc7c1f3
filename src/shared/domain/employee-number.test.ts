import { describe, expect, it } from 'vitest';
import { EmployeeNumber } from './applicant';
import { EmployeeNumberRange, SERVER_RANGE, STANDALONE_RANGE } from './employee-number';

describe('Employee Number ranges', () => {
  it('split the numbers between stations on their own and the server, without overlap or gap', () => {
    expect(STANDALONE_RANGE.first).toBe(10_000_000);
    expect(SERVER_RANGE.first).toBe(STANDALONE_RANGE.last + 1);
    expect(SERVER_RANGE.last).toBe(99_999_999);
    expect(EmployeeNumberRange.safeParse(STANDALONE_RANGE).success).toBe(true);
    expect(EmployeeNumberRange.safeParse(SERVER_RANGE).success).toBe(true);
  });

  it('agree with the Employee Number format at both ends', () => {
    const inside = [STANDALONE_RANGE.first, SERVER_RANGE.last];
    const outside = [STANDALONE_RANGE.first - 1, SERVER_RANGE.last + 1];
    for (const n of inside) {
      expect(EmployeeNumber.safeParse(String(n)).success).toBe(true);
      expect(EmployeeNumberRange.safeParse({ first: n, last: n }).success).toBe(true);
    }
    for (const n of outside) {
      expect(EmployeeNumber.safeParse(String(n)).success).toBe(false);
      expect(EmployeeNumberRange.safeParse({ first: n, last: n }).success).toBe(false);
    }
  });
});
