/**
 * Wakes long polls in this process. It is poked by the database's NOTIFY (from any
 * server instance sharing it) and directly after a local commit. A generation counter
 * closes the gap between "read the feed, found nothing" and "start waiting": a poke in
 * between makes the wait return at once.
 */
export class ChangeNotifier {
  private count = 0;
  private waiters = new Set<() => void>();
  private closed = false;

  get generation(): number {
    return this.count;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  poke(): void {
    this.count += 1;
    const waiting = [...this.waiters];
    this.waiters.clear();
    for (const wake of waiting) wake();
  }

  /** Resolves on the first poke after `generation`, after `ms`, on `signal`, or at shutdown. */
  wait(generation: number, ms: number, signal?: AbortSignal): Promise<void> {
    if (this.closed || this.count !== generation || ms <= 0 || signal?.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.waiters.delete(done);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.waiters.add(done);
      signal?.addEventListener('abort', done, { once: true });
    });
  }

  /** Server shutdown: every waiting long poll answers now. */
  close(): void {
    this.closed = true;
    this.poke();
  }
}
