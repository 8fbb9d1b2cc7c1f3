import { channels, type Channel, type Envelope, type Handlers } from '../../shared/contract';
import { StationError } from '../../shared/contract/errors';
import { fieldErrorsFrom } from '../../shared/domain/applicant';

export type Dispatch = (channel: unknown, input: unknown) => Promise<Envelope>;

function isChannel(name: unknown): name is Channel {
  return typeof name === 'string' && Object.hasOwn(channels, name);
}

/**
 * The one entry point both transports call: checks the channel, parses the input
 * with the contract's schema (a service never sees unparsed input), and turns every
 * failure into a `{ code, message, details }` value.
 */
export function createDispatcher(handlers: Partial<Handlers>, log: (message: string, error: unknown) => void = defaultLog): Dispatch {
  return async (name, input) => {
    if (!isChannel(name) || !handlers[name]) {
      return { ok: false, error: { code: 'UNKNOWN_CHANNEL', message: 'The station does not offer that action.' } };
    }
    const parsed = channels[name].input.safeParse(input);
    if (!parsed.success) {
      return {
        ok: false,
        error: {
          code: 'VALIDATION_FAILED',
          message: 'Some fields need attention.',
          details: {
            fieldErrors: fieldErrorsFrom(parsed.error),
            issues: parsed.error.issues.map((i) => ({ path: i.path.map(String), message: i.message })),
          },
        },
      };
    }
    try {
      const handler = handlers[name] as (input: unknown) => Promise<unknown>;
      return { ok: true, value: await handler(parsed.data) };
    } catch (error) {
      if (error instanceof StationError) return { ok: false, error: error.toWire() };
      log(`${name} failed`, error);
      return { ok: false, error: { code: 'INTERNAL', message: 'The station hit an unexpected problem. Try again; if it keeps happening, contact support.' } };
    }
  };
}

function defaultLog(message: string, error: unknown): void {
  // Only the error: inputs may hold personal data.
  console.error(`[station] ${message}:`, error instanceof Error ? error.stack : error);
}
