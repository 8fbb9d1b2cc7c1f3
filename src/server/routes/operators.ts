import { z } from 'zod';
import {
  AddCaRequest,
  AddOperatorRequest,
  AuditHeadResponse,
  AuditPushRequest,
  OperatorResponse,
  RegistryResponse,
  RevokeCertificateRequest,
  SetOperatorRequest,
} from '../../shared/contract/operator-protocol';
import { ServerErrorBody } from '../../shared/contract/server-protocol';
import { CertificateFingerprint } from '../../shared/domain/operator';
import type { App, AppContext } from '../context';
import { actorOf, adminOrOperatorAuth, stationAuth, stationOf } from '../auth';
import { AuditExport, auditHead, exportAuditChain, receiveAuditEntries } from '../operators/audit-store';
import { addOperator, loadRegistry, revokeCertificate, setOperator, trustCa } from '../operators/registry';
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

  app.post(
    '/v1/admin/operators',
    { onRequest: configure, schema: { tags: ['admin'], summary: 'Add an operator by their certificate (issued by a trusted CA), with roles', security: adminSecurity, body: AddOperatorRequest, response: { 200: OperatorResponse, '4xx': ServerErrorBody } } },
    async (request) => {
      const operator = await context.db.transaction((tx) => addOperator(tx, actorOf(request), request.body));
      context.notifier.poke();
      request.log.info({ operator: operator.fingerprint, roles: operator.roles, actor: actorOf(request).kind }, 'operator added');
      return { operator };
    },
  );

  app.patch(
    '/v1/admin/operators/:fingerprint',
    {
      onRequest: configure,
      schema: {
        tags: ['admin'],
        summary: 'Change an operator\'s roles, or disable / enable them',
        security: adminSecurity,
        params: z.strictObject({ fingerprint: CertificateFingerprint }),
        body: SetOperatorRequest,
        response: { 200: OperatorResponse, '4xx': ServerErrorBody },
      },
    },
    async (request) => {
      const operator = await context.db.transaction((tx) => setOperator(tx, actorOf(request), request.params.fingerprint, request.body));
      context.notifier.poke();
      request.log.info({ operator: operator.fingerprint, roles: operator.roles, disabled: operator.disabled, actor: actorOf(request).kind }, 'operator changed');
      return { operator };
    },
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
