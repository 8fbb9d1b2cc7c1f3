import { pickupUri } from '../../../shared/contract/mobile-protocol';
import { formatInvitationCode } from '../../../shared/domain/mobile-credential';
import { generateInvitationCode, invitationExpiresAt } from '../invitation-code';
import type { MobileProvider } from './provider';

/**
 * Today's behaviour and the default: the server makes the code (80 random bits, kept only
 * as a hash) and the project's reference wallet redeems it at /v1/wallet/redeem. Status
 * changes are the server's own, so there is nothing to tell anyone.
 */
export function referenceProvider(organization: string): MobileProvider {
  return {
    info: {
      id: 'reference',
      appName: 'Enrollment Station wallet',
      deviceType: 'Enrollment Station Mobile Identity',
      deviceManagementSystem: `${organization} central server`,
      certificateAuthority: `${organization} mobile credential keys (ECDSA P-256, bound at pickup)`,
    },
    async issue(request) {
      const code = formatInvitationCode(generateInvitationCode());
      return { code, qr: pickupUri(request.serverUrl, code), expiresAt: invitationExpiresAt(request.now, request.validMinutes) };
    },
    async changeStatus() {},
  };
}
