import { z } from 'zod';
import {
  CreateCredentialTypeRequest,
  CredentialTypeImpact,
  CredentialTypeListResponse,
  CredentialTypeResponse,
  UpdateCredentialTypeRequest,
} from '../../shared/contract/admin-credential-types';
import { ServerErrorBody } from '../../shared/contract/server-protocol';
import { CredentialTypeId } from '../../shared/domain/credential-types';
import { actorOf, adminOrOperatorAuth } from '../auth';
import type { App, AppContext } from '../context';
import { createCredentialType, listCredentialTypes, updateCredentialType } from '../sync/credential-types-admin';

/** The admin key, or a station with `X-Operator` naming an administrator. */
const security: Array<Record<string, string[]>> = [{ admin: [] }, { station: [] }];
const params = z.strictObject({ id: CredentialTypeId });

/** Station › Administration › Credential types (issue 17): create, edit, retire; published through the feed. */
export function adminCredentialTypeRoutes(app: App, context: AppContext): void {
  const onRequest = adminOrOperatorAuth(context, 'admin.configure');

  app.get(
    '/v1/admin/credential-types',
    { onRequest, schema: { tags: ['admin'], summary: 'List credential types with how many applicants and credentials each has', security, response: { 200: CredentialTypeListResponse, '4xx': ServerErrorBody } } },
    async () => ({ credentialTypes: await listCredentialTypes(context.db) }),
  );

  app.post(
    '/v1/admin/credential-types',
    {
      onRequest,
      schema: { tags: ['admin'], summary: 'Create a credential type (an id that exists: 409 ALREADY_EXISTS)', security, body: CreateCredentialTypeRequest, response: { 200: CredentialTypeResponse, '4xx': ServerErrorBody } },
    },
    async (request) => {
      const credentialType = await createCredentialType(context.db, actorOf(request), request.body);
      context.notifier.poke();
      request.log.info({ credentialTypeId: credentialType.id }, 'credential type created');
      return { credentialType };
    },
  );

  app.post(
    '/v1/admin/credential-types/:id/preview',
    {
      onRequest,
      schema: {
        tags: ['admin'],
        summary: 'What an edit would mean for applicants and credentials already there (nothing is saved)',
        security,
        params,
        body: UpdateCredentialTypeRequest,
        response: { 200: CredentialTypeImpact, '4xx': ServerErrorBody },
      },
    },
    async (request) => updateCredentialType(context.db, undefined, request.params.id, request.body, { dryRun: true }),
  );

  app.patch(
    '/v1/admin/credential-types/:id',
    {
      onRequest,
      schema: {
        tags: ['admin'],
        summary: 'Edit or retire (`retired: true`) a credential type; stations follow through the feed',
        security,
        params,
        body: UpdateCredentialTypeRequest,
        response: { 200: CredentialTypeImpact, '4xx': ServerErrorBody },
      },
    },
    async (request) => {
      const impact = await updateCredentialType(context.db, actorOf(request), request.params.id, request.body, { dryRun: false });
      if (impact.changed) context.notifier.poke();
      request.log.info({ credentialTypeId: request.params.id, changed: impact.changed }, 'credential type edited');
      return impact;
    },
  );
}
