import { MEDIA } from './scim';
import type { Callback, CloudEvent, Filter } from './sim-store';

/** Each delivery attempt waits at most this long for the receiver's answer. */
const DELIVERY_TIMEOUT_MS = 5_000;

export interface Delivery {
  url: string;
  status: number | 'error';
  eventIds: string[];
  at: string;
}

/**
 * Posts CloudEvents batches to the registered callbacks (docs/hid-origo-wire.md, "Events
 * and callbacks"), off the API answer's path: fire and forget, but tracked, so `close()`
 * aborts what is in flight and cancels the retries still waiting.
 */
export class CallbackDeliverer {
  private readonly log: Delivery[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private readonly controller = new AbortController();
  enabled = true;

  constructor(
    private readonly retryDelaysMs: number[],
    private readonly clock: () => Date,
  ) {}

  /** Sends the events to every callback of the organization whose filter takes them (an empty filterSet takes all). */
  dispatch(organizationId: string, events: CloudEvent[], callbacks: Iterable<Callback>, filters: Map<string, Filter>): void {
    if (!this.enabled || this.controller.signal.aborted) return;
    for (const callback of callbacks) {
      if (callback.organizationId !== organizationId) continue;
      const filterSet = filters.get(callback.filterId)?.filterSet;
      if (!filterSet) continue;
      const batch = filterSet.length === 0 ? events : events.filter((e) => filterSet.includes(e.type));
      if (batch.length === 0) continue;
      // The callback as registered now: a later change does not alter this delivery.
      const task = this.deliver({ ...callback }, batch).finally(() => this.inFlight.delete(task));
      this.inFlight.add(task);
    }
  }

  deliveries(): Delivery[] {
    return this.log.map((d) => ({ ...d, eventIds: [...d.eventIds] }));
  }

  private async deliver(callback: Callback, batch: CloudEvent[]): Promise<void> {
    const body = JSON.stringify(batch);
    const eventIds = batch.map((e) => e.id);
    for (let attempt = 0; attempt <= this.retryDelaysMs.length; attempt++) {
      if (attempt > 0 && !(await this.wait(this.retryDelaysMs[attempt - 1]!))) return;
      const status = await this.post(callback, body);
      if (this.controller.signal.aborted) return;
      this.log.push({ url: callback.url, status, eventIds, at: this.clock().toISOString() });
      if (typeof status === 'number' && status >= 200 && status < 300) return;
    }
  }

  private async post(callback: Callback, body: string): Promise<number | 'error'> {
    try {
      const answer = await fetch(callback.url, {
        method: 'POST',
        headers: { 'content-type': MEDIA.cloudEventsBatch, [callback.httpHeader]: callback.secret },
        body,
        redirect: 'manual',
        signal: AbortSignal.any([this.controller.signal, AbortSignal.timeout(DELIVERY_TIMEOUT_MS)]),
      });
      await answer.body?.cancel().catch(() => undefined);
      return answer.status;
    } catch {
      return 'error';
    }
  }

  /** Resolves true after `ms`, or false at once when closing. */
  private wait(ms: number): Promise<boolean> {
    const signal = this.controller.signal;
    if (signal.aborted) return Promise.resolve(false);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        signal.removeEventListener('abort', onAbort);
        resolve(true);
      }, ms);
      const onAbort = () => {
        clearTimeout(timer);
        resolve(false);
      };
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Aborts deliveries in flight and pending retries, and waits until they have stopped. */
  async close(): Promise<void> {
    this.controller.abort();
    await Promise.allSettled([...this.inFlight]);
  }
}
