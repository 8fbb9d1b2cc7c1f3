import { z } from 'zod';

/** Messages of the web host's WebSocket transport (the browser twin of Electron IPC). */
export const ClientMessage = z.discriminatedUnion('type', [
  /** First message: the per-launch secret from the URL the host printed. */
  z.strictObject({ type: z.literal('hello'), key: z.string().min(1).max(200) }),
  z.strictObject({ type: z.literal('call'), id: z.number().int().nonnegative(), channel: z.string().max(100), input: z.unknown().optional() }),
]);
export type ClientMessage = z.infer<typeof ClientMessage>;

export const ServerMessage = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('ready') }),
  z.strictObject({ type: z.literal('result'), id: z.number().int().nonnegative(), envelope: z.unknown() }),
  z.strictObject({ type: z.literal('event'), event: z.string(), payload: z.unknown() }),
]);
export type ServerMessage = z.infer<typeof ServerMessage>;

/** Close codes the browser side turns into words. */
export const CLOSE_UNAUTHORIZED = 4401;
export const CLOSE_PROTOCOL = 4400;
