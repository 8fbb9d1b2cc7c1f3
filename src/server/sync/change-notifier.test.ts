import { describe, expect, it } from 'vitest';
import { ChangeNotifier } from './change-notifier';

describe('ChangeNotifier (long-poll wake-ups)', () => {
  it('returns at once when a poke came between reading the feed and starting to wait', async () => {
    const notifier = new ChangeNotifier();
    const generation = notifier.generation;
    notifier.poke();
    const started = Date.now();
    await notifier.wait(generation, 5_000);
    expect(Date.now() - started).toBeLessThan(100);
  });

  it('wakes every waiter on a poke, and at shutdown', async () => {
    const notifier = new ChangeNotifier();
    const waits = [notifier.wait(notifier.generation, 5_000), notifier.wait(notifier.generation, 5_000)];
    notifier.poke();
    await Promise.all(waits);
    const late = notifier.wait(notifier.generation, 5_000);
    notifier.close();
    await late;
    expect(notifier.isClosed).toBe(true);
    await notifier.wait(notifier.generation, 5_000); // closed: never waits again
  });

  it('ends a wait on its timeout or when the caller hangs up', async () => {
    const notifier = new ChangeNotifier();
    const started = Date.now();
    await notifier.wait(notifier.generation, 50);
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
    const hangUp = new AbortController();
    const waiting = notifier.wait(notifier.generation, 5_000, hangUp.signal);
    hangUp.abort();
    await waiting;
  });
});
