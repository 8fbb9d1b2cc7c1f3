import { z } from 'zod';

/** Every Employee Number: 8 digits, the first not 0 (the `EmployeeNumber` string in applicant.ts). */
const EMPLOYEE_NUMBERS = { first: 10_000_000, last: 99_999_999 } as const;
/** A station without a server numbers from here on its own (station.config.json's default). */
export const STANDALONE_RANGE = { first: EMPLOYEE_NUMBERS.first, last: 19_999_999 } as const;
/** The server leases blocks from the rest (server.config.json's default), so the two never meet. */
export const SERVER_RANGE = { first: STANDALONE_RANGE.last + 1, last: EMPLOYEE_NUMBERS.last } as const;

const InRange = z.number().int().min(EMPLOYEE_NUMBERS.first).max(EMPLOYEE_NUMBERS.last);

/** A block of 8-digit numbers a station may issue; later leased from the central server. */
export const EmployeeNumberRange = z
  .strictObject({
    first: InRange,
    last: InRange,
  })
  .refine((r) => r.first <= r.last, { message: 'first must not be greater than last' });
export type EmployeeNumberRange = z.infer<typeof EmployeeNumberRange>;

export const EmployeeNumberAllocator = z.strictObject({
  range: EmployeeNumberRange,
  /** The last number issued from this range, or null when none yet. */
  lastIssued: z.number().int().nullable(),
  /** Blocks leased from the central server, used in order once `range` is used up. */
  next: z.array(EmployeeNumberRange).default([]),
});
export type EmployeeNumberAllocator = z.infer<typeof EmployeeNumberAllocator>;

export type Allocation =
  | { ok: true; employeeNumber: string; allocator: EmployeeNumberAllocator }
  | { ok: false; remaining: 0 };

/**
 * Issues the next number, skipping any already taken (e.g. received from another
 * station). Pure: returns the allocator to store in the same write as the applicant.
 */
export function allocateEmployeeNumber(
  allocator: EmployeeNumberAllocator,
  isTaken: (employeeNumber: string) => boolean,
): Allocation {
  let current = allocator;
  for (;;) {
    const { first, last } = current.range;
    let candidate = current.lastIssued === null ? first : Math.max(current.lastIssued + 1, first);
    while (candidate <= last) {
      const employeeNumber = String(candidate);
      if (!isTaken(employeeNumber)) {
        return { ok: true, employeeNumber, allocator: { ...current, lastIssued: candidate } };
      }
      candidate += 1;
    }
    const [range, ...rest] = current.next;
    if (!range) return { ok: false, remaining: 0 };
    current = { range, lastIssued: null, next: rest };
  }
}

/** Numbers the station can still issue: the rest of the current range plus every leased block. */
export function remainingNumbers(allocator: EmployeeNumberAllocator): number {
  const next = allocator.lastIssued === null ? allocator.range.first : allocator.lastIssued + 1;
  const queued = allocator.next.reduce((sum, r) => sum + (r.last - r.first + 1), 0);
  return Math.max(0, allocator.range.last - next + 1) + queued;
}

/** Adds a leased block; a station whose range is used up moves straight to it. */
export function addBlock(allocator: EmployeeNumberAllocator, block: EmployeeNumberRange): EmployeeNumberAllocator {
  return { ...allocator, next: [...allocator.next, block] };
}
