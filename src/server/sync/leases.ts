import type { LeaseRequest, LeaseResponse } from '../../shared/contract/server-protocol';
import type { EmployeeNumberRange } from '../../shared/domain/employee-number';
import type { Database } from '../db/database';
import { LOCKS } from '../db/locks';
import { ApiError } from '../errors';

/**
 * Leases the next block of Employee Numbers from the server's range. Allocation takes
 * turns (advisory lock), so blocks are contiguous and never overlap, across server
 * instances too. A block may be smaller than asked when the range is nearly used up.
 */
export async function leaseBlock(db: Database, range: EmployeeNumberRange, stationId: string, request: LeaseRequest): Promise<LeaseResponse> {
  const block = await db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1, $2)', LOCKS.leases);
    const [earlier] = await tx.query<{ station_id: string; first: number; last: number }>(
      'SELECT station_id, first, last FROM employee_number_blocks WHERE request_id = $1',
      [request.requestId],
    );
    if (earlier) {
      if (earlier.station_id !== stationId) {
        throw new ApiError(400, 'BAD_REQUEST', `Request id ${request.requestId} was already used by another station. Use a new random request id for each new block.`, {
          requestId: request.requestId,
        });
      }
      // A retry (the answer was lost): the same block, whatever size it asks for now.
      return { first: earlier.first, last: earlier.last };
    }
    const [row] = await tx.query<{ next: number | null }>(
      'SELECT max(last) + 1 AS next FROM employee_number_blocks WHERE last >= $1 AND first <= $2',
      [range.first, range.last],
    );
    const first = Math.max(row?.next ?? range.first, range.first);
    if (first > range.last) {
      throw new ApiError(
        409,
        'EMPLOYEE_NUMBERS_EXHAUSTED',
        `Every Employee Number in the server's range ${range.first}–${range.last} has been leased. An administrator must widen employeeNumberRange in server.config.json.`,
        { range },
      );
    }
    const last = Math.min(first + request.size - 1, range.last);
    await tx.query('INSERT INTO employee_number_blocks (request_id, station_id, first, last, leased_at) VALUES ($1, $2, $3, $4, now())', [
      request.requestId,
      stationId,
      first,
      last,
    ]);
    return { first, last };
  });
  return { block, serverTime: new Date().toISOString() };
}
