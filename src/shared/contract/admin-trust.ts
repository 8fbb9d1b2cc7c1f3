import { z } from 'zod';
import { channel } from './define';
import { AdminSource, CertificateText } from './admin-operators';
import { RevocationDetail, TrustedCaDetail } from './operator-protocol';

/**
 * Station › Administration (issue 17): channels between the renderer and main for this area.
 * Channel names start with "admin-trust:" (window.station.adminTrust.*).
 */

/** Hours before the revocation list's 24-hour limit when the Trust tab starts warning. */
export const REVOCATION_WARNING_HOURS = 4;

export const TrustView = z.strictObject({
  source: AdminSource,
  cas: z.array(TrustedCaDetail),
  revokedCertificates: z.array(RevocationDetail),
  /** When the registry (and its revocation list) last changed on the server. */
  registryUpdatedAt: z.iso.datetime().nullable(),
  /** When this station last had the registry from the server: the age sign-in checks. */
  stationCheckedAt: z.iso.datetime().nullable(),
  /** stationCheckedAt + 24 h: after it, this station refuses sign-in until it reaches the server. */
  nextUpdateDueAt: z.iso.datetime().nullable(),
  /** Less than REVOCATION_WARNING_HOURS left (or already past, or never received). */
  warning: z.string().nullable(),
});
export type TrustView = z.infer<typeof TrustView>;

export const adminTrustChannels = {
  'admin-trust:get': channel(z.undefined(), TrustView),
  /** Trusts a CA (PEM or base64 DER) to issue operator certificates. */
  'admin-trust:add-ca': channel(z.strictObject({ certificate: CertificateText }), TrustView),
  /** Fetches the registry (with its revocation list) from the server now: this station's copy is current again. */
  'admin-trust:refresh': channel(z.undefined(), TrustView),
};

export const adminTrustEvents = {};
