import Fastify, { type FastifyError, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { STATUS_CODES, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { hasZodFastifySchemaValidationErrors, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { ApiError, errorBody } from './errors';
import { DEFAULT_REQUEST_TIMEOUT_SECONDS } from './config';
import { DEFAULT_BODY_LIMIT, type App, type AppContext } from './context';
import { adminRoutes } from './routes/admin';
import { healthRoutes } from './routes/health';
import { adminCredentialTypeRoutes } from './routes/admin-credential-types';
import { mobileRoutes } from './routes/mobile';
import { providerCallbackRoutes } from './routes/provider-callbacks';
import { watchlistRoutes } from './routes/watchlist';
import { operatorRoutes } from './routes/operators';
import { registrationRoutes } from './routes/registration';
import { syncRoutes } from './routes/sync';
import { textGuard } from './text-guard';

/** Longest request target (path and query) accepted: 414 beyond. */
const MAX_URL_LENGTH = 8 * 1024;
/** Longest URL parameter the router matches (a longer one is 400 from the route's schema, not 404). */
const MAX_PARAM_LENGTH = 1024;

/**
 * Answers the framework and Node's HTTP parser make before a route runs — a request not
 * received in time, headers too large, a malformed request — in the protocol's error
 * shape, then closes the connection (the request was never fully read).
 */
function clientErrorResponse(error: NodeJS.ErrnoException): { status: number; body: string } {
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    return {
      status: 408,
      body: JSON.stringify(errorBody('BAD_REQUEST', 'The request did not arrive in time: its headers and body must be sent within the server\'s time limit. Send it again, all at once.')),
    };
  }
  if (error.code === 'HPE_HEADER_OVERFLOW') {
    return {
      status: 431,
      body: JSON.stringify(errorBody('BAD_REQUEST', 'The request line and headers are larger than the server accepts (16 KiB). Send a shorter URL and fewer or smaller headers.')),
    };
  }
  return { status: 400, body: JSON.stringify(errorBody('BAD_REQUEST', 'The request is not well-formed HTTP/1.1 and could not be read. Check the client sending it.')) };
}

export interface BuildAppOptions {
  logger: FastifyServerOptions['logger'];
  https?: { cert: string | Buffer; key: string | Buffer };
  /** Registers route schemas with @fastify/swagger first (only `npm run server:openapi`). */
  beforeRoutes?: (app: App) => Promise<void>;
}

/** Whether a query string decodes to text (valid percent-encoding of UTF-8). */
function isDecodable(query: string): boolean {
  try {
    decodeURIComponent(query.replace(/\+/g, ' '));
    return true;
  } catch {
    return false;
  }
}

export async function buildApp(context: AppContext, options: BuildAppOptions): Promise<App> {
  const requestTimeoutMs = Math.round((context.config.requestTimeoutSeconds ?? DEFAULT_REQUEST_TIMEOUT_SECONDS) * 1000);
  const app = Fastify({
    logger: options.logger,
    bodyLimit: DEFAULT_BODY_LIMIT,
    ...(options.https ? { https: options.https } : {}),
    // Requests arriving while closing get our own 503 (below), in the protocol's error shape.
    return503OnClosing: false,
    forceCloseConnections: 'idle',
    // Behind a reverse proxy: believe its X-Forwarded-For (the redemption throttle counts per source).
    ...(context.config.trustProxy ? { trustProxy: context.config.trustProxy } : {}),
    // A client that does not send its whole request (headers and body) in time gets 408 and
    // is disconnected; Node checks open requests every `connectionsCheckingInterval`.
    requestTimeout: requestTimeoutMs,
    http: { headersTimeout: Math.min(60_000, requestTimeoutMs), connectionsCheckingInterval: Math.min(1_000, Math.ceil(requestTimeoutMs / 4)) },
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    clientErrorHandler(error: NodeJS.ErrnoException, socket: Duplex) {
      if (error.code === 'ECONNRESET' || socket.destroyed) return;
      const { status, body } = clientErrorResponse(error);
      (this as unknown as FastifyInstance).log.info({ code: error.code, statusCode: status }, 'client error');
      if (socket.writable) {
        socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
        socket.once('finish', () => socket.destroy());
      } else {
        socket.destroy();
      }
    },
    // A URL the router cannot decode (bad percent-encoding): 400 in the protocol's shape.
    frameworkErrors(error: FastifyError, _request: unknown, reply: { code(n: number): { send(b: unknown): void } }) {
      reply.code(400).send(errorBody('BAD_REQUEST', `The URL could not be read (${error.message}). Percent-encode it as UTF-8; docs/api.md lists the endpoints.`));
    },
  } as FastifyServerOptions<Server>).withTypeProvider<ZodTypeProvider>() as unknown as App;

  // Requests are parsed with the protocol's zod schemas; responses are typed by them and
  // written with plain JSON.stringify (no second validation pass on the way out).
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));

  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof ApiError) {
      request.log.info({ code: error.code, statusCode: error.statusCode }, 'request refused');
      return reply.code(error.statusCode).send(error.toBody());
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const where = error.validationContext === 'querystring' ? 'query string' : error.validationContext === 'params' ? 'URL' : 'request body';
      const issues = error.validation.map((issue) => ({ path: issue.instancePath.replace(/^\//, '').replace(/\//g, '.') || '(root)', message: issue.message }));
      const listed = issues.slice(0, 5).map((i) => `${i.path}: ${i.message}`).join('; ');
      return reply.code(400).send(
        errorBody('BAD_REQUEST', `The ${where} is not valid (${listed}${issues.length > 5 ? `; and ${issues.length - 5} more` : ''}). Fix it and send again; docs/api.md describes every field.`, {
          in: error.validationContext ?? 'body',
          issues,
        }),
      );
    }
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      const limit = reply.request.routeOptions.bodyLimit ?? DEFAULT_BODY_LIMIT;
      return reply.code(413).send(errorBody('PAYLOAD_TOO_LARGE', `The request body is larger than this endpoint accepts (${limit} bytes). Send fewer records per request.`, { limit }));
    }
    if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      return reply.code(415).send(errorBody('BAD_REQUEST', 'Send the body as JSON with "Content-Type: application/json".'));
    }
    if (error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error instanceof SyntaxError) {
      return reply.code(400).send(errorBody('BAD_REQUEST', 'The request body is not valid JSON. Send a JSON object as docs/api.md describes.'));
    }
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      return reply.code(status).send(errorBody('BAD_REQUEST', `The request could not be read (${error.message}). Check it against docs/api.md.`));
    }
    // The cause goes to the log only; the client gets a reference to find it there.
    request.log.error({ err: error }, 'request failed');
    return reply
      .code(500)
      .send(errorBody('INTERNAL', `The server failed while handling this request (request id ${request.id}); the cause is in the server log. Try again later, or report it with the request id.`));
  });

  // Only JSON is read (docs/api.md): any other media type is 415, text/plain included.
  app.removeContentTypeParser(['text/plain']);

  app.addHook('onRequest', async (request) => {
    if (request.url.length > MAX_URL_LENGTH) {
      throw new ApiError(414, 'BAD_REQUEST', `The URL is longer than the server accepts (${MAX_URL_LENGTH} characters). docs/api.md lists the endpoints and their parameters.`, { limit: MAX_URL_LENGTH });
    }
    const query = request.url.indexOf('?');
    if (query >= 0 && !isDecodable(request.url.slice(query + 1))) {
      throw new ApiError(400, 'BAD_REQUEST', 'The query string is not valid percent-encoded UTF-8 (a % not followed by two hex digits, or bytes that are not UTF-8, such as an encoded lone surrogate). Encode each value with encodeURIComponent and send again.', { in: 'querystring' });
    }
    if (context.notifier.isClosed) {
      throw new ApiError(503, 'NOT_READY', 'This server is shutting down. Try again in a moment (another instance may answer).');
    }
  });

  // While shutting down, answers (notably the long polls woken for it) close their
  // connection, so a client's keep-alive socket does not hold the shutdown open.
  app.addHook('onSend', async (_request, reply) => {
    if (context.notifier.isClosed) reply.header('connection', 'close');
  });

  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send(errorBody('NOT_FOUND', `There is no endpoint ${request.method} ${request.url.split('?')[0]}. docs/api.md lists the endpoints.`)),
  );

  // The shared text rules on every string of every request, after authentication and
  // before the route's schema (src/server/text-guard.ts).
  app.addHook('preValidation', textGuard);

  if (options.beforeRoutes) await options.beforeRoutes(app);
  healthRoutes(app, context);
  registrationRoutes(app, context);
  syncRoutes(app, context);
  adminRoutes(app, context);
  mobileRoutes(app, context);
  providerCallbackRoutes(app, context);
  operatorRoutes(app, context);
  adminCredentialTypeRoutes(app, context);
  watchlistRoutes(app, context);
  return app;
}
