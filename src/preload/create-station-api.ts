import { apiPath, channels, events, type Channel, type EventName, type StationApi } from '../shared/contract';
import { Envelope, toWireError } from '../shared/contract/errors';

/** How the API reaches main: Electron IPC or the web host's WebSocket. */
export interface Transport {
  invoke(channel: Channel, input: unknown): Promise<unknown>;
  subscribe(event: EventName, listener: (payload: unknown) => void): () => void;
}

/**
 * Builds `window.station` from the contract: one function per channel (no generic
 * send), outputs and event payloads parsed before the renderer sees them. Failures
 * reject with a plain `WireError` object (see StationApi).
 */
export function createStationApi(transport: Transport): StationApi {
  const api: Record<string, Record<string, unknown>> = {};
  for (const name of Object.keys(channels) as Channel[]) {
    const [area, verb] = apiPath(name);
    (api[area] ??= {})[verb] = async (input?: unknown) => {
      let reply: unknown;
      try {
        reply = await transport.invoke(name, input);
      } catch (reason) {
        throw toWireError(reason);
      }
      const envelope = Envelope.safeParse(reply);
      if (!envelope.success) throw { code: 'INTERNAL', message: 'The station sent a reply this screen cannot read.' };
      if (!envelope.data.ok) throw envelope.data.error;
      const output = channels[name].output.safeParse(envelope.data.value);
      if (!output.success) throw { code: 'INTERNAL', message: 'The station sent a reply this screen cannot read.' };
      return output.data;
    };
  }
  const on = (event: EventName, listener: (payload: unknown) => void): (() => void) => {
    if (!Object.hasOwn(events, event)) throw new Error(`Unknown station event ${String(event)}`);
    return transport.subscribe(event, (payload) => {
      const parsed = events[event].payload.safeParse(payload);
      if (parsed.success) listener(parsed.data);
    });
  };
  return { ...api, on } as unknown as StationApi;
}
