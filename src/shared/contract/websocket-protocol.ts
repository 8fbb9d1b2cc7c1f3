import { z } from 'zod';

/** Messages of the web host's WebSocket transport (the browser twin of Electron IPC). */
export const ClientMessage = z.discriminatedUnion('type', [
  /**
   * First message: the browser key from the address start:web printed (#key=…), or none
   * when the page was opened through a launch link and its HttpOnly cookie carries the key.
   */
  z.strictObject({ type: z.literal('hello'), key: z.string().min(1).max(200).optional() }),
  z.strictObject({ type: z.literal('call'), id: z.number().int().nonnegative(), channel: z.string().max(100), input: z.unknown().optional() }),
]);
export type ClientMessage = z.infer<typeof ClientMessage>;

export const ServerMessage = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('ready') }),
  z.strictObject({ type: z.literal('result'), id: z.number().int().nonnegative(), envelope: z.unknown() }),
  z.strictObject({ type: z.literal('event'), event: z.string(), payload: z.unknown() }),
  /** Sent every second, so a page notices a host that stopped answering without closing. */
  z.strictObject({ type: z.literal('heartbeat') }),
]);

/** How often the host sends a heartbeat, and how long a page waits for one before it reconnects. */
export const HEARTBEAT_MS = 1_000;
export const HEARTBEAT_TIMEOUT_MS = 4_000;
export type ServerMessage = z.infer<typeof ServerMessage>;

/** Close codes the browser side turns into words. */
export const CLOSE_UNAUTHORIZED = 4401;
export const CLOSE_PROTOCOL = 4400;
