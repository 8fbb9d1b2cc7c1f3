import { z } from 'zod';
import {
  AddCaRequest,
  AddOperatorRequest,
  ApprovalRequiredResponse,
  DecideGrantRequest,
  GrantDecisionResponse,
  OperatorsAdminResponse,
  TrustResponse,
  AuditHeadResponse,
  AuditPushRequest,
  OperatorResponse,
  RegistryResponse,
  RevokeCertificateRequest,
  SetOperatorRequest,
} from '../../shared/contract/operator-protocol';
import { ServerErrorBody } from '../../shared/contract/server-protocol';
import { CertificateFingerprint } from '../../shared/domain/operator';
import type { FastifyReply } from 'fastify';
import type { App, AppContext } from '../context';
import { actorOf, adminOrOperatorAuth, stationAuth, stationOf } from '../auth';
import { AuditExport, auditHead, exportAuditChain, receiveAuditEntries } from '../operators/audit-store';
import { decideGrant, requestAddOperator, requestRoles, type AddOutcome } from '../operators/admin-grants';
import { operatorsView, trustView } from '../operators/admin-views';
import { loadRegistry, revokeCertificate, trustCa } from '../operators/registry';
import { readServerAudit, ServerAuditLogQuery, ServerAuditLogResponse } from '../operators/server-audit';

const stationSecurity = [{ station: [] }];
/** The admin key, or a station with `X-Operator` naming an administrator (or, for audit views, a supervisor). */
const adminSecurity: Array<Record<string, string[]>> = [{ admin: [] }, { station: [] }];

/** Operators, the registry, the audit trail: station endpoints and their administration. */
export function operatorRoutes(app: App, context: AppContext): void {
  const station = stationAuth(context);
  const configure = adminOrOperatorAuth(context, 'admin.configure');
  const auditView = adminOrOperatorAuth(context, 'audit.view');
  const registryResponse = (registry: RegistryResponse['registry']): RegistryResponse => ({ registry, serverTime: new Date().toISOString() });

  app.get(
    '/v1/operators/registry',
    { onRequest: station, schema: { tags: ['operators'], summary: 'The operator registry: trusted CAs, operators and roles, revoked certificates', security: stationSecurity, response: { 200: RegistryResponse, '4xx': ServerErrorBody } } },
    async () => registryResponse(await loadRegistry(context.db)),
  );

  // ── Administration ──
  app.get(
    '/v1/admin/operators',
    { onRequest: configure, schema: { tags: ['admin'], summary: 'The operator registry (operators, trusted CAs, revoked certificates)', security: adminSecurity, response: { 200: RegistryResponse, '4xx': ServerErrorBody } } },
    async () => registryResponse(await loadRegistry(context.db)),
  );

  app.post(
    '/v1/admin/operators/cas',
    { onRequest: configure, schema: { tags: ['admin'], summary: 'Trust a CA to issue operator certificates (sign-in is configured from the first)', security: adminSecurity, body: AddCaRequest, response: { 200: RegistryResponse, '4xx': ServerErrorBody } } },
    async (request) => {
      const out = await context.db.transaction((tx) => trustCa(tx, actorOf(request), request.body.certificatePem));
      if (out.changed) context.notifier.poke();
      request.log.info({ caFingerprint: out.fingerprint, changed: out.changed, actor: actorOf(request).kind }, 'CA trusted');
      return registryResponse(out.registry);
    },
  );

  /** 200 with the operator, or 202 APPROVAL_REQUIRED with the pending grant (four eyes for Administrator). */
  const answer = (reply: FastifyReply, outcome: AddOutcome) => {
    if ('pending' in outcome) return reply.code(202).send(outcome.pending);
    context.notifier.poke();
    return reply.code(200).send({ operator: outcome.done });
  };
  const changeResponses = { 200: OperatorResponse, 202: ApprovalRequiredResponse, '4xx': ServerErrorBody };

  app.post(
    '/v1/admin/operators',
    {
      onRequest: configure,
      schema: {
        tags: ['admin'],
        summary: 'Add an operator by their certificate (issued by a trusted CA), with roles; with Administrator (by an operator) it waits for a second Administrator (202)',
        security: adminSecurity,
        body: AddOperatorRequest,
        response: changeResponses,
      },
    },
    async (request, reply) => {
      const outcome = await context.db.transaction((tx) => requestAddOperator(tx, actorOf(request), request.body));
      request.log.info({ operator: 'done' in outcome ? outcome.done.fingerprint : outcome.pending.grant.fingerprint, pending: 'pending' in outcome, roles: request.body.roles, actor: actorOf(request).kind }, 'operator added');
      return answer(reply, outcome);
    },
  );

  app.patch(
    '/v1/admin/operators/:fingerprint',
    {
      onRequest: configure,
      schema: {
        tags: ['admin'],
        summary: 'Change an operator\'s roles, or disable / enable them; granting Administrator (by an operator) waits for a second Administrator (202)',
        security: adminSecurity,
        params: z.strictObject({ fingerprint: CertificateFingerprint }),
        body: SetOperatorRequest,
        response: changeResponses,
      },
    },
    async (request, reply) => {
      const outcome = await context.db.transaction((tx) => requestRoles(tx, actorOf(request), request.params.fingerprint, request.body));
      request.log.info({ operator: request.params.fingerprint, pending: 'pending' in outcome, roles: request.body.roles, disabled: request.body.disabled, actor: actorOf(request).kind }, 'operator changed');
      return answer(reply, outcome);
    },
  );

  app.get(
    '/v1/admin/operators/details',
    { onRequest: configure, schema: { tags: ['admin'], summary: 'Operators with status, certificate and last sign-in, and the Administrator grants waiting for approval', security: adminSecurity, response: { 200: OperatorsAdminResponse, '4xx': ServerErrorBody } } },
    async () => operatorsView(context.db, new Date()),
  );

  for (const decision of ['approve', 'reject'] as const) {
    app.post(
      `/v1/admin/operators/grants/:id/${decision}`,
      {
        onRequest: configure,
        schema: {
          tags: ['admin'],
          summary: `${decision === 'approve' ? 'Approve' : 'Reject'} a pending Administrator grant (another Administrator than the one who asked)`,
          security: adminSecurity,
          params: z.strictObject({ id: z.uuid() }),
          body: DecideGrantRequest,
          response: { 200: GrantDecisionResponse, '4xx': ServerErrorBody },
        },
      },
      async (request) => {
        const out = await context.db.transaction((tx) => decideGrant(tx, actorOf(request), request.params.id, decision === 'approve' ? 'approved' : 'rejected', request.body.reason));
        if (out.operator) context.notifier.poke();
        request.log.info({ grant: request.params.id, decision: out.decision, actor: actorOf(request).kind }, 'operator grant decided');
        return out;
      },
    );
  }

  app.get(
    '/v1/admin/trust',
    { onRequest: configure, schema: { tags: ['admin'], summary: 'Trusted operator CAs and the revocation list, with when the registry last changed', security: adminSecurity, response: { 200: TrustResponse, '4xx': ServerErrorBody } } },
    async () => trustView(context.db, new Date()),
  );

  app.post(
    '/v1/admin/operators/revoked-certificates',
    { onRequest: configure, schema: { tags: ['admin'], summary: 'Revoke an operator certificate (for good)', security: adminSecurity, body: RevokeCertificateRequest, response: { 200: RegistryResponse, '4xx': ServerErrorBody } } },
    async (request) => {
      const registry = await context.db.transaction((tx) => revokeCertificate(tx, actorOf(request), request.body));
      context.notifier.poke();
      request.log.info({ revoked: request.body.fingerprint, actor: actorOf(request).kind }, 'operator certificate revoked');
      return registryResponse(registry);
    },
  );

  app.get(
    '/v1/admin/audit-log',
    {
      onRequest: auditView,
      schema: { tags: ['admin'], summary: 'The server audit log (admin key uses, registry changes, refused audit chains), newest first', security: adminSecurity, querystring: ServerAuditLogQuery, response: { 200: ServerAuditLogResponse, '4xx': ServerErrorBody } },
    },
    async (request) => ({ entries: await readServerAudit(context.db, request.query), serverTime: new Date().toISOString() }),
  );

  app.get(
    '/v1/admin/audit/:stationId',
    {
      onRequest: auditView,
      schema: {
        tags: ['admin'],
        summary: 'A station\'s audit chain as the server holds it (entries, head, public key), for an auditor',
        security: adminSecurity,
        params: z.strictObject({ stationId: z.uuid() }),
        response: { 200: AuditExport, '4xx': ServerErrorBody },
      },
    },
    async (request) => exportAuditChain(context.db, request.params.stationId.toLowerCase()),
  );

  // ── The station's audit chain ──
  app.post(
    '/v1/audit/entries',
    {
      onRequest: station,
      bodyLimit: 2 * 1024 * 1024,
      schema: { tags: ['audit'], summary: 'Deliver audit entries continuing the chain the server holds', security: stationSecurity, body: AuditPushRequest, response: { 200: AuditHeadResponse, '4xx': ServerErrorBody } },
    },
    async (request) => {
      const who = stationOf(request);
      try {
        const response = await receiveAuditEntries(context.db, who, request.body);
        request.log.info({ stationId: who.stationId, received: request.body.entries.length, head: response.head?.seq ?? 0 }, 'audit entries');
        return response;
      } catch (error) {
        request.log.warn({ stationId: who.stationId, code: (error as { code?: string }).code }, 'audit entries refused');
        throw error;
      }
    },
  );

  app.get(
    '/v1/audit/head',
    { onRequest: station, schema: { tags: ['audit'], summary: 'The last audit entry the server holds from this station', security: stationSecurity, response: { 200: AuditHeadResponse, '4xx': ServerErrorBody } } },
    async (request) => auditHead(context.db, stationOf(request).stationId),
  );
}
