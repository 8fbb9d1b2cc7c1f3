import type { ServerErrorBody, ServerErrorCode } from '../shared/contract/server-protocol';

/**
 * A refusal the client can act on: HTTP status, protocol code and a message saying
 * what happened and what to do. Anything else that is thrown becomes a 500 INTERNAL
 * whose details stay in the server log.
 */
export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: ServerErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  toBody(): ServerErrorBody {
    return { error: { code: this.code, message: this.message, ...(this.details ? { details: this.details } : {}) } };
  }
}

export function errorBody(code: ServerErrorCode, message: string, details?: Record<string, unknown>): ServerErrorBody {
  return { error: { code, message, ...(details ? { details } : {}) } };
}

/**
 * A pushed mutation the server will not apply (the operator lacks the role, four eyes, a
 * decision on a credential no longer Pending): answered as outcome `refused`, counted as
 * delivered, so it never blocks the station's queue.
 */
export class MutationRefused extends Error {
  constructor(
    readonly code: ServerErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'MutationRefused';
  }

  static from(error: ApiError): MutationRefused {
    return new MutationRefused(error.code, error.message);
  }
}
