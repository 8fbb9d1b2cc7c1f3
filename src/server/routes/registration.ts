import { RegisterRequest, RegisterResponse, ServerErrorBody } from '../../shared/contract/server-protocol';
import type { App, AppContext } from '../context';
import { registerStation } from '../stations';

/** `POST /v1/stations/register`: no station credential yet; the enrollment token is the credential. */
export function registrationRoutes(app: App, context: AppContext): void {
  app.post(
    '/v1/stations/register',
    {
      schema: {
        tags: ['stations'],
        summary: 'Exchange a one-time enrollment token for the station\'s own secret',
        body: RegisterRequest,
        response: { 200: RegisterResponse, '4xx': ServerErrorBody },
      },
    },
    async (request) => {
      const response = await registerStation(context.db, request.body);
      request.log.info({ stationId: response.stationId }, 'station registered');
      return response;
    },
  );
}
