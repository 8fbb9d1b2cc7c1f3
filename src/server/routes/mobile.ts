import { z } from 'zod';
import {
  AccessRequest,
  AccessResponse,
  ChallengeResponse,
  CredentialResponse,
  InvitationRequest,
  InvitationResponse,
  RedeemRequest,
  RedeemResponse,
  StatusChangeRequest,
} from '../../shared/contract/mobile-protocol';
import { ServerErrorBody } from '../../shared/contract/server-protocol';
import type { App, AppContext } from '../context';
import { operatorAuth, operatorOf, stationAuth, stationOf } from '../auth';
import { ApiError } from '../errors';
import { createChallenge, decideAccess } from '../mobile/doors';
import { changeStatus, createInvitation, redeemInvitation } from '../mobile/mobile-credentials';

const security = [{ station: [] }];
const DoorParams = z.strictObject({ doorId: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'A door id has 1–64 letters, digits, dots, hyphens or underscores') });

/** Mobile credential pickup: invitations and status (stations), redemption (wallet), access checks (doors). */
export function mobileRoutes(app: App, context: AppContext): void {
  const onRequest = stationAuth(context);
  // Once sign-in is configured: X-Operator names an operator allowed to do it (roles.ts).
  const forInvitation = [onRequest, operatorAuth(context, 'invitation.issue')];
  const forLifecycle = [onRequest, operatorAuth(context, 'credential.lifecycle')];

  app.post(
    '/v1/invitations',
    {
      onRequest: forInvitation,
      schema: { tags: ['mobile'], summary: 'A new invitation code for a device credential (replaces an open one)', security, body: InvitationRequest, response: { 200: InvitationResponse, '4xx': ServerErrorBody } },
    },
    async (request) => {
      const station = stationOf(request);
      // Listening on a wildcard address without a publicUrl: the address the station used is the best guess.
      const serverUrl = context.publicUrl ?? `${request.protocol}://${request.host}`;
      const operator = operatorOf(request);
      const requestedBy = operator ? operator.name : request.body.requestedBy;
      const response = await createInvitation(context.db, context.mobileProvider, { ...request.body, requestedBy, stationId: station.stationId, serverUrl, now: context.clock() });
      context.notifier.poke();
      request.log.info({ stationId: station.stationId, credentialId: request.body.credentialId, invitationId: response.invitationId, expiresAt: response.expiresAt }, 'invitation issued');
      return response;
    },
  );

  app.post(
    '/v1/credentials/:credentialId/status',
    {
      onRequest: forLifecycle,
      schema: {
        tags: ['mobile'],
        summary: 'Suspend, resume or revoke a mobile credential, with a reason',
        security,
        params: z.strictObject({ credentialId: z.string().min(1).max(100) }),
        body: StatusChangeRequest,
        response: { 200: CredentialResponse, '4xx': ServerErrorBody },
      },
    },
    async (request) => {
      const now = context.clock();
      const operator = operatorOf(request);
      const credential = await changeStatus(context.db, context.mobileProvider, request.params.credentialId, operator ? { ...request.body, changedBy: operator.name } : request.body, now);
      context.notifier.poke();
      request.log.info({ stationId: stationOf(request).stationId, credentialId: credential.credentialId, action: request.body.action, status: credential.status, operator: operator?.fingerprint }, 'credential status changed');
      return { credential, serverTime: now.toISOString() };
    },
  );

  app.post(
    '/v1/wallet/redeem',
    { schema: { tags: ['wallet'], summary: 'Redeem an invitation code: bind the credential to the phone and its key', body: RedeemRequest, response: { 200: RedeemResponse, '4xx': ServerErrorBody } } },
    async (request, reply) => {
      if (context.mobileProvider.info.id !== 'reference') {
        throw new ApiError(409, 'REDEEM_ELSEWHERE', `This server's mobile credentials are picked up in ${context.mobileProvider.info.appName}: open it and scan the QR code or type the invitation code there.`);
      }
      try {
        const response = await redeemInvitation(context.db, {
          ...request.body,
          source: request.ip,
          now: context.clock(),
          throttle: context.config.redeemThrottle,
          organization: context.config.organization,
        });
        context.notifier.poke();
        request.log.info({ credentialId: response.credential.credentialId, deviceId: request.body.phone.deviceId }, 'invitation redeemed');
        return response;
      } catch (error) {
        const retryAfter = (error as { details?: { retryAfterSeconds?: number } }).details?.retryAfterSeconds;
        if (retryAfter) reply.header('retry-after', String(retryAfter));
        request.log.info({ deviceId: request.body.phone.deviceId, source: request.ip, result: (error as { code?: string }).code }, 'redemption refused');
        throw error;
      }
    },
  );

  app.post(
    '/v1/doors/:doorId/challenges',
    { schema: { tags: ['doors'], summary: 'A one-time challenge for the phone to sign', params: DoorParams, response: { 200: ChallengeResponse, '4xx': ServerErrorBody } } },
    async (request) => createChallenge(context.db, request.params.doorId, context.clock()),
  );

  app.post(
    '/v1/doors/:doorId/access',
    { schema: { tags: ['doors'], summary: 'GRANTED or DENIED for a signed challenge', params: DoorParams, body: AccessRequest, response: { 200: AccessResponse, '4xx': ServerErrorBody } } },
    async (request) => {
      const response = await decideAccess(context.db, request.params.doorId, request.body, context.clock());
      if (response.decision === 'GRANTED') context.notifier.poke();
      // Who, where, what and why; never the signature or the nonce.
      request.log.info(
        { doorId: request.params.doorId, credentialId: request.body.credentialId, challengeId: request.body.challengeId, decision: response.decision, reason: response.reason },
        'access decision',
      );
      return response;
    },
  );
}
