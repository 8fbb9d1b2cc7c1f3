import { PhoneDetails } from '../../../shared/domain/mobile-credential';
import type { OrigoContainer } from './origo-client';

/** The statuses of the station's mobile credential that an Origo credential can be in. */
export type MappedCredentialStatus = 'ISSUED' | 'ACTIVE' | 'SUSPENDED' | 'REVOKED';

/**
 * An Origo credential status (docs/hid-origo-wire.md) as the station's status.
 *
 * - `ISSUE_INITIATED`, `ISSUED` → ISSUED: assigned, not yet on a phone.
 * - `ACTIVE`, `RESUME_INITIATED` → ACTIVE: like the other `…_INITIATED` states, Origo has
 *   accepted the change and carries it out with the phone; the station shows where it is
 *   going. (Mapping it to SUSPENDED would make a reconciliation read just after a
 *   successful Resume flip the credential back, and then forward again.)
 * - `SUSPENDED` → SUSPENDED.
 * - `REVOKE_INITIATED`, `REVOKING`, `REVOKED` → REVOKED: a revocation cannot be taken back,
 *   so it is final for the station from the moment it is asked for.
 * - anything else → undefined (the caller keeps what it has and logs the word).
 */
export function mapOrigoCredentialStatus(status: string): MappedCredentialStatus | undefined {
  switch (status.trim().toUpperCase()) {
    case 'ISSUE_INITIATED':
    case 'ISSUED':
      return 'ISSUED';
    case 'ACTIVE':
    case 'RESUME_INITIATED':
      return 'ACTIVE';
    case 'SUSPENDED':
      return 'SUSPENDED';
    case 'REVOKE_INITIATED':
    case 'REVOKING':
    case 'REVOKED':
      return 'REVOKED';
    default:
      return undefined;
  }
}

const MAX = {
  deviceId: PhoneDetails.shape.deviceId.maxLength ?? 100,
  osVersion: PhoneDetails.shape.osVersion.maxLength ?? 100,
  secureElementType: PhoneDetails.shape.secureElementType.maxLength ?? 50,
  manufacturer: PhoneDetails.shape.manufacturer.maxLength ?? 100,
  model: PhoneDetails.shape.model.maxLength ?? 100,
  applicationVersion: PhoneDetails.shape.applicationVersion.maxLength ?? 50,
} as const;

/** Trimmed, cut to `max` UTF-16 units (as zod counts) without splitting a character, or 'unknown'. */
function text(value: string | undefined, max: number): string {
  let out = (value ?? '').trim();
  if (out.length > max) {
    let cut = '';
    for (const char of out) {
      if (cut.length + char.length > max) break;
      cut += char;
    }
    out = cut.trim();
  }
  return out || 'unknown';
}

/** What an Origo credential container says about its phone, as the station's PhoneDetails (always valid). */
export function phoneFromContainer(
  container: Pick<OrigoContainer, 'id' | 'osVersion' | 'secureElementType' | 'manufacturer' | 'model' | 'applicationVersion'>,
): PhoneDetails {
  return {
    deviceId: text(String(container.id), MAX.deviceId),
    osVersion: text(container.osVersion, MAX.osVersion),
    secureElementType: text(container.secureElementType, MAX.secureElementType),
    manufacturer: text(container.manufacturer, MAX.manufacturer),
    model: text(container.model, MAX.model),
    applicationVersion: text(container.applicationVersion, MAX.applicationVersion),
  };
}
