import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, it } from 'vitest';
import { PushResponse, ServerErrorBody } from '../../../src/shared/contract/server-protocol';
import { request, type HttpResult } from '../../support/central-server';
import { describeEachBackend, newStation, useCentralServer, type TestStation } from './fixture';

/**
 * Issue 13: every route and every string field of docs/openapi.json, with text the
 * database cannot hold (U+0000, lone surrogates), a bidi override (U+202E) and an
 * over-long value. Every answer is 4xx in the documented error shape — never 500, never
 * stored. A pushed entry may instead be answered 200 with that entry `refused`, naming
 * the field (so one bad entry does not block the station's queue).
 */

type Schema = {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  prefixItems?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  minItems?: number;
  default?: unknown;
};
interface Parameter {
  in: 'path' | 'query' | 'header';
  name: string;
  required?: boolean;
  schema: Schema;
}
interface Operation {
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: Schema }> };
  security?: Array<Record<string, string[]>>;
}

const OPENAPI = JSON.parse(readFileSync(resolve(__dirname, '../../../docs/openapi.json'), 'utf8')) as { paths: Record<string, Record<string, Operation>> };

const OVER_LONG = 'A'.repeat(25_000);
const HOSTILE: ReadonlyArray<{ name: string; value: string }> = [
  { name: 'U+0000', value: 'a\u0000b' },
  { name: 'U+D800', value: 'a\uD800b' },
  { name: 'U+DFFF', value: 'a\uDFFFb' },
  { name: 'U+202E', value: 'a\u202Eb' },
  { name: 'over-long', value: OVER_LONG },
];

/** How a hostile value travels in a URL: lone surrogates as the (invalid) UTF-8 bytes a fuzzer sends. */
function urlEncode(value: string): string {
  return [...value].map((c) => (/[\uD800-\uDFFF]/.test(c) ? `%ED%${(0xa0 + ((c.charCodeAt(0) - 0xd800) >> 6)).toString(16).toUpperCase()}%${(0x80 + (c.charCodeAt(0) & 0x3f)).toString(16).toUpperCase()}` : encodeURIComponent(c))).join('');
}

/** A value the schema accepts, so the hostile value in one field is the only thing wrong. */
function example(schema: Schema, name: string): unknown {
  const variants = schema.oneOf ?? schema.anyOf;
  if (variants) return example(variants.find((v) => v.type !== 'null') ?? variants[0]!, name);
  if (schema.const !== undefined) return schema.const;
  if (schema.enum) return schema.enum[0];
  if (schema.default !== undefined && schema.type !== 'object') return schema.default;
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const key of schema.required ?? []) out[key] = example(schema.properties![key]!, key);
      return out;
    }
    case 'array':
      if (schema.prefixItems) return schema.prefixItems.map((s, i) => example(s, `${name}.${i}`));
      return Array.from({ length: Math.max(1, schema.minItems ?? 0) }, () => example(schema.items!, name));
    case 'integer':
    case 'number':
      return Math.max(1, schema.minimum ?? 1);
    case 'boolean':
      return false;
    default:
      return exampleString(schema, name);
  }
}

function exampleString(schema: Schema, name: string): string {
  const pattern = schema.pattern ?? '';
  if (schema.format === 'uuid') return randomUUID();
  if (schema.format === 'date-time') return new Date().toISOString();
  if (pattern.includes('{64}')) return 'ab'.repeat(32);
  if (pattern.includes('{128}')) return 'ab'.repeat(64);
  if (pattern.includes('{43}')) return 'A'.repeat(43);
  if (pattern.includes('\\d{7}') || pattern.includes('\\d{8}')) return '20000001';
  if (pattern.startsWith('^EST')) return 'EST-AAAAA-BBBBB-CCCCC-DDDDD-EEEEE';
  if (pattern.includes('CERTIFICATE')) return '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n';
  if (pattern.includes('[A-Za-z0-9+/]')) return 'A'.repeat(Math.max(schema.minLength ?? 8, 88));
  if (pattern.includes('[a-z0-9][a-z0-9-]')) return 'piv-card-employee';
  if (pattern.includes('A-Za-z0-9._-')) return 'door-1';
  if (name === 'code') return 'ADS7-H65H-YTJN-RXR6';
  if (name === 'email') return 'ada@example.org';
  if (name === 'userPrincipalName') return 'ada@corp';
  return 'Abc'.padEnd(schema.minLength ?? 3, 'c');
}

/** Every string-valued place in a schema, with the branch choices that lead there. */
interface Target {
  path: string[];
  /** The body with that place present (optional fields and the right oneOf branch included). */
  build: (value: string) => unknown;
}

function stringTargets(schema: Schema, name = ''): Target[] {
  const variants = schema.oneOf ?? schema.anyOf;
  if (variants) return variants.flatMap((v) => stringTargets(v, name));
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  if (type === 'string') return [{ path: [], build: (value) => value }];
  if (type === 'object' && schema.properties) {
    return Object.entries(schema.properties).flatMap(([key, sub]) =>
      stringTargets(sub, key).map((t) => ({
        path: [key, ...t.path],
        build: (value: string) => ({ ...(example(schema, name) as object), [key]: t.build(value) }),
      })),
    );
  }
  if (type === 'array') {
    const items = schema.prefixItems ?? [schema.items!];
    return items.flatMap((sub, index) =>
      stringTargets(sub, name).map((t) => ({
        path: [String(index), ...t.path],
        build: (value: string) => {
          const base = example(schema, name) as unknown[];
          base[index] = t.build(value);
          return base;
        },
      })),
    );
  }
  return [];
}

interface Call {
  method: string;
  url: string;
  body?: unknown;
  auth?: 'station' | 'admin';
}

function credentials(op: Operation): Call['auth'] {
  const schemes = (op.security ?? []).flatMap((s) => Object.keys(s));
  return schemes.includes('admin') ? 'admin' : schemes.includes('station') ? 'station' : undefined;
}

function urlFor(path: string, params: Parameter[], replace?: { name: string; in: string; encoded: string }): string {
  let url = path;
  const query: string[] = [];
  for (const p of params) {
    const encoded = replace && replace.name === p.name && replace.in === p.in ? replace.encoded : encodeURIComponent(String(example(p.schema, p.name)));
    if (p.in === 'path') url = url.replace(`{${p.name}}`, encoded);
    else if (p.in === 'query' && (p.required || replace?.name === p.name)) query.push(`${p.name}=${encoded}`);
  }
  return query.length > 0 ? `${url}?${query.join('&')}` : url;
}

/** Every call of the walk: for each route, each string field (body, query, path), each hostile value. */
function hostileCalls(): Array<Call & { what: string; push: boolean }> {
  const calls: Array<Call & { what: string; push: boolean }> = [];
  for (const [path, operations] of Object.entries(OPENAPI.paths)) {
    for (const [method, op] of Object.entries(operations)) {
      const params = (op.parameters ?? []).filter((p) => p.in !== 'header');
      const bodySchema = op.requestBody?.content['application/json']?.schema;
      const base: Call = { method: method.toUpperCase(), url: urlFor(path, params), body: bodySchema ? example(bodySchema, '') : undefined, auth: credentials(op) };
      for (const p of params) {
        for (const h of HOSTILE) {
          calls.push({ ...base, url: urlFor(path, params, { name: p.name, in: p.in, encoded: urlEncode(h.value) }), what: `${base.method} ${path} ${p.in} ${p.name} ← ${h.name}`, push: false });
        }
      }
      for (const target of bodySchema ? stringTargets(bodySchema) : []) {
        for (const h of HOSTILE) {
          calls.push({ ...base, body: target.build(h.value), what: `${base.method} ${path} body ${target.path.join('.')} ← ${h.name}`, push: path === '/v1/sync/push' });
        }
      }
    }
  }
  return calls;
}

describeEachBackend('hostile text on every route and field of the OpenAPI document', (backend) => {
  const fx = useCentralServer(backend);

  it('answers every hostile value 4xx in the documented error shape (a pushed entry: refused, naming the field), never 500', async () => {
    const station = await newStation(fx.server);
    const calls = hostileCalls();
    // The walk covers what the issue names: both unauthenticated routes, pushed mutations, the audit-log query.
    const names = calls.map((c) => c.what);
    for (const expected of [
      'POST /v1/wallet/redeem body phone.deviceId ← U+0000',
      'POST /v1/doors/{doorId}/access body credentialId ← U+D800',
      'POST /v1/sync/push body mutations.0.mutation.applicant.firstName ← U+202E',
      'POST /v1/sync/push body mutations.0.mutation.device.serialNumber ← U+DFFF',
      'GET /v1/admin/audit-log query action ← U+0000',
      'POST /v1/doors/{doorId}/access path doorId ← over-long',
    ]) {
      expect(names).toContain(expected);
    }

    const failures: string[] = [];
    let refusedEntries = 0;
    for (const call of calls) {
      const result = await send(fx.server.url, fx.server.adminKey, station, call);
      const shaped = ServerErrorBody.safeParse(result.body);
      // Refused for the text, not for a missing credential (the walk signs every call as its route needs).
      if (result.status >= 400 && result.status < 500 && result.status !== 401 && result.status !== 403 && shaped.success) continue;
      if (call.push && result.status === 200) {
        const pushed = PushResponse.safeParse(result.body);
        const refusal = pushed.success ? pushed.data.results[0]?.refusal : undefined;
        const field = call.what.split(' body mutations.0.')[1]!.split(' ← ')[0]!;
        if (pushed.success && pushed.data.results[0]?.outcome === 'refused' && refusal?.code === 'BAD_REQUEST' && refusal.message.includes(field)) {
          station.nextSeq = pushed.data.lastAppliedSeq + 1;
          refusedEntries += 1;
          continue;
        }
      }
      failures.push(`${call.what}: ${result.status} ${JSON.stringify(result.body).slice(0, 300)}`);
    }
    expect(failures).toEqual([]);
    expect(refusedEntries).toBeGreaterThan(100);

    // Nothing hostile reached the database, and it still answers.
    expect((await request(fx.server.url, 'GET', '/ready')).status).toBe(200);
  }, 300_000);

  it('tells a station which field of a pushed entry broke which rule, and applies the rest of the batch', async () => {
    const station = await newStation(fx.server);
    const at = new Date().toISOString();
    const applicant = { employeeNumber: '21000001', firstName: 'Ann', lastName: 'Lee', credentialTypeId: 'piv-card-employee', createdAt: at, createdBy: 'clerk', stationId: station.stationId };
    const response = await station.api.push([
      station.entry({ kind: 'applicant.create', applicant: { ...applicant, firstName: 'Ann\u202E' } }),
      station.entry({ kind: 'applicant.create', applicant: { ...applicant, employeeNumber: '21000002', lastName: 'x'.repeat(100_000) } }),
      station.entry({ kind: 'applicant.create', applicant: { ...applicant, employeeNumber: '21000003' } }),
    ]);
    expect(response.status).toBe(200);
    const body = PushResponse.parse(response.body);
    expect(body.results.map((r) => r.outcome)).toEqual(['refused', 'refused', 'applied']);
    expect(body.results[0]!.refusal).toEqual({
      code: 'BAD_REQUEST',
      message: expect.stringContaining('mutation.applicant.firstName: FIRST NAME contains an invisible or control character (U+202E); retype it'),
    });
    expect(body.results[1]!.refusal!.message).toContain('mutation.applicant.lastName: LAST NAME can be at most 64 characters');
    expect(body.lastAppliedSeq).toBe(3);
  });
});

async function send(baseUrl: string, adminKey: string, station: TestStation, call: Call): Promise<HttpResult<unknown>> {
  let body = call.body;
  if (call.url === '/v1/sync/push' && body && typeof body === 'object') {
    const mutations = (body as { mutations: Array<{ seq: number }> }).mutations;
    // The entry under test comes next in the station's sequence, so the only thing wrong is the text.
    body = { mutations: mutations.map((m) => ({ ...m, seq: typeof m.seq === 'number' ? station.nextSeq : m.seq })) };
  }
  const authorization = call.auth === 'admin' ? `Bearer admin.${adminKey}` : call.auth === 'station' ? station.authorization : undefined;
  return request(baseUrl, call.method, call.url, { ...(body !== undefined ? { body } : {}), ...(authorization ? { authorization } : {}) });
}
