import { DEMO_CLIENT } from '../../src/origo-sim/origo-sim';

export const ORIGO_PART_NUMBER = 'MID-SUB-CRD_FTPN_6445';

/**
 * `server.config.json`'s `mobile` section for a server on the Origo simulator at `simUrl`,
 * with its demo client, the client secret in `clientSecretFile`, and (with `callbackPort`)
 * Origo's callbacks to a server on 127.0.0.1 at that port.
 */
export function origoMobileConfig(options: { simUrl: string; clientSecretFile: string; callbackPort?: number; applicationId?: string; partNumbers?: Record<string, string>; pollSeconds?: number }) {
  return {
    provider: 'hid-origo',
    origo: {
      organizationId: DEMO_CLIENT.organizationId,
      clientId: DEMO_CLIENT.clientId,
      clientSecretFile: options.clientSecretFile,
      applicationId: options.applicationId ?? 'ENROLLMENT-STATION-TEST',
      authUrl: options.simUrl,
      apiUrl: options.simUrl,
      partNumbers: options.partNumbers ?? { 'mobile-pacs-employee': ORIGO_PART_NUMBER },
      ...(options.callbackPort ? { callbackUrl: `http://127.0.0.1:${options.callbackPort}/v1/providers/hid-origo/callback` } : {}),
      ...(options.pollSeconds ? { pollSeconds: options.pollSeconds } : {}),
    },
  };
}
