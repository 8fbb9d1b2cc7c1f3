import type { EventName, PayloadOf } from '../shared/contract';

type Listener<E extends EventName> = (payload: PayloadOf<E>) => void;

/** Typed events from the services to whichever transport is attached. */
export class StationEvents {
  private readonly listeners = new Map<EventName, Set<(payload: never) => void>>();

  on<E extends EventName>(event: E, listener: Listener<E>): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(listener as (payload: never) => void);
    return () => set.delete(listener as (payload: never) => void);
  }

  /** Every event, for transports that forward them all. */
  onAny(listener: <E extends EventName>(event: E, payload: PayloadOf<E>) => void): () => void {
    this.anyListeners.add(listener);
    return () => this.anyListeners.delete(listener);
  }

  emit<E extends EventName>(event: E, payload: PayloadOf<E>): void {
    for (const listener of this.listeners.get(event) ?? []) (listener as Listener<E>)(payload);
    for (const listener of this.anyListeners) listener(event, payload);
  }

  private readonly anyListeners = new Set<<E extends EventName>(event: E, payload: PayloadOf<E>) => void>();
}
