import { z } from 'zod';
import { CredentialType } from '../domain/credential-types';
import { channel, event } from './define';

/** What a recovery from a damaged data file restored, and what may be missing. */
export const RecoveryReport = z.strictObject({
  /** Everything saved up to this moment is there. */
  savedUpTo: z.iso.datetime(),
  /** Changes saved after `savedUpTo` that could not be read: a count, or null when unknown. */
  missingChanges: z.number().int().nonnegative().nullable(),
  /** Where the damaged files were kept for support. */
  keptAside: z.string(),
});
export type RecoveryReport = z.infer<typeof RecoveryReport>;

/** The operator's words for what a recovery may have lost. */
export function describeMissing(report: RecoveryReport, when: string): string {
  if (report.missingChanges === 0) return 'nothing is missing: the damaged file was rebuilt from the previous copy and the journal';
  if (report.missingChanges === null) return `changes saved after ${when} may be missing`;
  return `${report.missingChanges} change(s) saved after ${when} could not be read and may be missing`;
}

export const StationInfo = z.strictObject({
  productName: z.string(),
  version: z.string(),
  stationId: z.string(),
  stationName: z.string(),
  operator: z.string(),
  /** Set when the station opened its last good copy after finding its data file damaged. */
  recovery: z.lazy(() => RecoveryReport).optional(),
});
export type StationInfo = z.infer<typeof StationInfo>;

export const stationChannels = {
  'station:get-info': channel(z.undefined(), StationInfo),
  'credential-types:list': channel(z.undefined(), z.array(CredentialType)),
};

export const stationEvents = {
  'station:changed': event(StationInfo),
};
