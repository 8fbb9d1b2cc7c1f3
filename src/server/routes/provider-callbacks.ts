import type { App, AppContext } from '../context';
import { ApiError } from '../errors';
import { isOrigoProvider } from '../mobile/providers/create-provider';
import { ORIGO_CALLBACK_PATH } from '../mobile/providers/origo-provider';

/** HID Origo's event callbacks (CloudEvents batches). No station credential: the registered secret header is the proof. */
export function providerCallbackRoutes(app: App, context: AppContext): void {
  void app.register(async (scope) => {
    // The body is verified and parsed by the provider, so it arrives as text.
    scope.addContentTypeParser(['application/cloudevents-batch+json', 'application/json'], { parseAs: 'string', bodyLimit: 256 * 1024 }, (_request, body, done) => done(null, body));
    scope.post(ORIGO_CALLBACK_PATH, { schema: { hide: true } }, async (request, reply) => {
      const provider = context.mobileProvider;
      if (!isOrigoProvider(provider)) throw new ApiError(404, 'NOT_FOUND', 'This server does not use HID Origo (server.config.json mobile.provider), so it takes no Origo callbacks.');
      const answer = await provider.receiveCallback(request.headers, typeof request.body === 'string' ? request.body : '');
      return reply.code(answer.status).send(answer.body);
    });
  });
}
