import type { z } from 'zod';

/** One request/response channel: the input main parses, the output the caller parses. */
export interface ChannelSpec<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  readonly input: I;
  readonly output: O;
}

/** One event main pushes to the renderer. */
export interface EventSpec<P extends z.ZodType = z.ZodType> {
  readonly payload: P;
}

export function channel<I extends z.ZodType, O extends z.ZodType>(input: I, output: O): ChannelSpec<I, O> {
  return { input, output };
}

export function event<P extends z.ZodType>(payload: P): EventSpec<P> {
  return { payload };
}
