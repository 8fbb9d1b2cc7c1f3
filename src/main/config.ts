import { hostname } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { loadConfigFile } from '../node/config-file';
import { StationError } from '../shared/contract/errors';
import { CredentialType, DEFAULT_CREDENTIAL_TYPES } from '../shared/domain/credential-types';
import { EmployeeNumberRange, STANDALONE_RANGE } from '../shared/domain/employee-number';

export const CONFIG_FILE = 'station.config.json';

/** Station configuration: `station.config.json` in the data folder; every field optional. */
export const StationConfig = z.strictObject({
  stationName: z.string().trim().min(1).max(60).default(() => hostname()),
  /** The block this station issues Employee Numbers from (set when its store is created). */
  employeeNumberRange: EmployeeNumberRange.default({ ...STANDALONE_RANGE }),
  credentialTypes: z
    .array(CredentialType)
    .min(1)
    .refine((types) => new Set(types.map((t) => t.id)).size === types.length, 'credential type ids must be unique')
    .default(() => [...DEFAULT_CREDENTIAL_TYPES]),
  /**
   * No longer read: the pickup screen's Device Type, Device Management System and Certificate
   * Authority come from the central server's mobile provider. Accepted so older files still load.
   */
  mobile: z.unknown().optional(),
  /** Sync with the central server (the server itself is set up from the Sync page). */
  sync: z
    .strictObject({
      /** Employee Numbers asked for at a time, and how few left makes the station ask for more. */
      blockSize: z.number().int().min(1).max(10_000).default(500),
      refillBelow: z.number().int().min(0).max(10_000).default(100),
      longPollSeconds: z.number().int().min(0).max(30).default(25),
      firstRetryMs: z.number().int().min(50).default(1_000),
      maxRetryMs: z.number().int().min(50).default(60_000),
    })
    .prefault({}),
  /** Operator sign-in (once the server's registry names the organisation's CA). */
  signIn: z
    .strictObject({
      /** Minutes without keyboard or mouse activity before the kiosk locks. */
      idleLockMinutes: z.number().int().min(1).max(240).default(10),
    })
    .prefault({}),
  /** Talking to cards: how long to wait for an answer, and how far a card may stretch one. */
  cards: z
    .strictObject({
      /** Milliseconds the station waits for a card's answer to one command before it says the card is not responding. */
      apduTimeoutMs: z.number().int().min(500).max(60_000).default(5_000),
      /** GET RESPONSE (61xx) and Le re-sends (6Cxx) for one command, at most. */
      maxResponseParts: z.number().int().min(1).max(1_000).default(128),
      /** Bytes one command's answer may add up to, at most. */
      maxResponseBytes: z.number().int().min(256).max(1_048_576).default(32_768),
    })
    .prefault({}),
});
export type StationConfig = z.infer<typeof StationConfig>;

export async function loadStationConfig(dataDir: string): Promise<StationConfig> {
  return loadConfigFile(join(dataDir, CONFIG_FILE), StationConfig, {
    label: 'The station configuration',
    fix: 'Fix or remove it, then start the station again.',
    // Every field is optional: no file is the defaults.
    ifMissing: {},
    error: (message) => new StationError('INTERNAL', message),
  });
}
