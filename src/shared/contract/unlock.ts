import { z } from 'zod';
import { channel, event } from './define';

/** The station passphrase's minimum length (the store's key is derived from it with scrypt). */
export const MIN_PASSPHRASE_LENGTH = 12;
/** Wrong passphrases allowed before the prompt pauses (each further one doubles the pause). */
export const PASSPHRASE_TRIES_BEFORE_PAUSE = 5;

/**
 * Whether the station's data is open. A station whose key comes from a passphrase (a
 * computer with no usable key store) starts `choose` (first run) or `unlock`; every
 * other channel answers STATION_LOCKED until it is `open`.
 */
export const UnlockState = z.discriminatedUnion('state', [
  z.strictObject({ state: z.literal('open') }),
  z.strictObject({
    state: z.enum(['choose', 'unlock']),
    /** Why a passphrase is asked for, in the administrator's words. */
    reason: z.string(),
    /** Wrong passphrases so far. */
    failures: z.number().int().nonnegative(),
    /** Set while the prompt is paused after too many wrong passphrases. */
    pausedUntil: z.iso.datetime().optional(),
  }),
]);
export type UnlockState = z.infer<typeof UnlockState>;

export const UnlockInput = z.strictObject({
  passphrase: z.string().max(1024),
  /** First run only: the passphrase typed a second time. */
  confirm: z.string().max(1024).optional(),
});

export const unlockChannels = {
  'unlock:status': channel(z.undefined(), UnlockState),
  'unlock:submit': channel(UnlockInput, UnlockState),
};

/** Whether the page reaches its station (web host only: the WebSocket transport emits it itself). */
export const ConnectionState = z.strictObject({ connected: z.boolean() });

export const unlockEvents = {
  'unlock:changed': event(UnlockState),
  'connection:changed': event(ConnectionState),
};
