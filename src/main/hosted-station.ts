import type { Envelope } from '../shared/contract';
import { StationError } from '../shared/contract/errors';
import { MIN_PASSPHRASE_LENGTH, PASSPHRASE_TRIES_BEFORE_PAUSE, type UnlockState } from '../shared/contract/unlock';
import { StationEvents } from './events';
import { createDispatcher, type Dispatch } from './ipc/dispatch';
import { passphraseProvider, type KeyProvider } from './store/key-providers';
import type { Station } from './station';

/** The key is a passphrase the operator types: `choose` on first run, `unlock` after. */
export interface PassphrasePrompt {
  mode: 'choose' | 'unlock';
  /** Why a passphrase is asked for, shown on the prompt. */
  reason: string;
}

export interface HostedStationOptions {
  /** Opens the station with these keys (the host adds data folder, recovery, clock …). */
  open(keys: KeyProvider): Promise<Station>;
  keys: KeyProvider | PassphrasePrompt;
  now?: () => Date;
  /** The pause after the 5th wrong passphrase; it doubles with each further one. */
  firstPauseMs?: number;
}

/**
 * What a host (Electron window, web host) binds its transport to: one dispatcher and one
 * event stream that exist before the station is open. With a key at hand the station
 * opens at once; with a passphrase prompt, only `unlock:*` answers until the passphrase
 * opens the store, then every channel goes to the station.
 */
export interface HostedStation {
  readonly dispatch: Dispatch;
  readonly events: StationEvents;
  /** The open station (resolves after the passphrase when one is asked for). */
  readonly opened: Promise<Station>;
  current(): Station | undefined;
  close(): Promise<void>;
}

const OPEN: UnlockState = { state: 'open' };

export function hostStation(options: HostedStationOptions): HostedStation {
  const events = new StationEvents();
  const now = options.now ?? (() => new Date());
  const firstPauseMs = options.firstPauseMs ?? 30_000;
  let station: Station | undefined;
  let stationDispatch: Dispatch | undefined;
  let closed = false;
  let resolveOpened!: (station: Station) => void;
  let rejectOpened!: (error: unknown) => void;
  const opened = new Promise<Station>((resolve, reject) => {
    resolveOpened = resolve;
    rejectOpened = reject;
  });
  opened.catch(() => undefined); // the host awaits it; an unhandled copy must not crash

  const attach = (open: Station): void => {
    if (closed) {
      void open.close();
      return;
    }
    station = open;
    const log = open.log;
    // Unexpected failures go to the station's log (only the error: inputs may hold personal data).
    stationDispatch = createDispatcher(open.handlers, log ? (message, error) => log.error({ err: error }, message) : undefined);
    open.events.onAny((event, payload) => events.emit(event, payload));
    resolveOpened(open);
  };

  const prompt = 'mode' in options.keys ? options.keys : undefined;
  let failures = 0;
  let pausedUntil: Date | undefined;
  let attempt: Promise<UnlockState> | undefined;

  const state = (): UnlockState => {
    if (station || !prompt) return OPEN;
    const paused = pausedUntil && pausedUntil > now() ? { pausedUntil: pausedUntil.toISOString() } : {};
    return { state: prompt.mode, reason: prompt.reason, failures, ...paused };
  };

  const submit = async (input: { passphrase: string; confirm?: string | undefined }): Promise<UnlockState> => {
    if (station || !prompt) return OPEN;
    if (pausedUntil && pausedUntil > now()) {
      throw new StationError('PASSPHRASE_PAUSED', `Too many wrong passphrases: try again after ${pausedUntil.toISOString()}.`, {
        pausedUntil: pausedUntil.toISOString(),
      });
    }
    if (prompt.mode === 'choose') {
      const fieldErrors: Record<string, string> = {};
      if ([...input.passphrase].length < MIN_PASSPHRASE_LENGTH) fieldErrors.passphrase = `At least ${MIN_PASSPHRASE_LENGTH} characters.`;
      else if (input.confirm !== input.passphrase) fieldErrors.confirm = 'The two passphrases are not the same.';
      if (Object.keys(fieldErrors).length > 0) throw new StationError('VALIDATION_FAILED', 'Some fields need attention.', { fieldErrors });
    }
    try {
      attach(await options.open(passphraseProvider(input.passphrase)));
    } catch (error) {
      if (!(error instanceof StationError && error.code === 'STORE_UNREADABLE' && error.details?.reason === 'wrong-key')) throw error;
      failures += 1;
      const over = failures - PASSPHRASE_TRIES_BEFORE_PAUSE;
      if (over >= 0) pausedUntil = new Date(now().getTime() + firstPauseMs * 2 ** over);
      events.emit('unlock:changed', state());
      const left = Math.max(0, PASSPHRASE_TRIES_BEFORE_PAUSE - failures);
      throw new StationError(
        'PASSPHRASE_INCORRECT',
        pausedUntil ? `Wrong passphrase. Try again after ${pausedUntil.toISOString()}.` : `Wrong passphrase: ${left} tr${left === 1 ? 'y' : 'ies'} before a pause.`,
        { failures, ...(pausedUntil ? { pausedUntil: pausedUntil.toISOString() } : {}) },
      );
    }
    events.emit('unlock:changed', OPEN);
    return OPEN;
  };

  const gateDispatch = createDispatcher({
    'unlock:status': async () => state(),
    // One attempt at a time: scrypt is slow on purpose, and two tries must not race to open the store.
    'unlock:submit': async (input) => {
      while (attempt) await attempt.catch(() => undefined);
      attempt = submit(input);
      try {
        return await attempt;
      } finally {
        attempt = undefined;
      }
    },
  });

  const dispatch: Dispatch = async (channel, input): Promise<Envelope> => {
    if (channel === 'unlock:status' || channel === 'unlock:submit') return gateDispatch(channel, input);
    if (stationDispatch) return stationDispatch(channel, input);
    return { ok: false, error: { code: 'STATION_LOCKED', message: "The station's data is locked: enter the station passphrase first." } };
  };

  if (!prompt) options.open(options.keys as KeyProvider).then(attach, rejectOpened);

  return {
    dispatch,
    events,
    opened,
    current: () => station,
    async close() {
      closed = true;
      const open = station;
      station = undefined;
      stationDispatch = undefined;
      await open?.close();
    },
  };
}
