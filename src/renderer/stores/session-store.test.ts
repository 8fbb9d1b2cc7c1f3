import { afterEach, describe, expect, it } from 'vitest';
import { fakeStation } from '../test-support/station-fake';
import { sampleSession, signedInSession } from '../test-support/samples';
import { onlyWho, permissionFor, showSession, trackActivity, useSession } from './session-store';

function fakeTarget() {
  const listeners = new Map<string, () => void>();
  return {
    addEventListener: (type: string, fn: () => void) => listeners.set(type, fn),
    removeEventListener: (type: string) => listeners.delete(type),
    fire: (type: string) => listeners.get(type)?.(),
    listeners,
  };
}

describe('session store', () => {
  afterEach(() => useSession.setState({ status: 'loading' }, true));

  it('touches the session at most every 15 s, and only while signed in', () => {
    const station = fakeStation();
    const target = fakeTarget();
    let now = 1_000_000;
    const stop = trackActivity(station.station, target as unknown as Window, () => now);
    const touches = () => station.calls.filter((c) => c.channel === 'session:touch').length;

    showSession(sampleSession({ mode: 'locked', allowed: [] }));
    target.fire('keydown');
    expect(touches()).toBe(0);

    showSession(signedInSession(['clerk']));
    target.fire('keydown');
    target.fire('pointerdown');
    expect(touches()).toBe(1);
    now += 14_999;
    target.fire('keydown');
    expect(touches()).toBe(1);
    now += 1;
    target.fire('pointerdown');
    expect(touches()).toBe(2);

    stop();
    expect(target.listeners.size).toBe(0);
  });

  it('allows everything in setup mode and names who may otherwise', () => {
    expect(permissionFor({ status: 'ready', session: sampleSession() }, 'admin.configure')).toEqual({ allowed: true });
    expect(permissionFor({ status: 'ready', session: signedInSession(['clerk']) }, 'credential.decide')).toEqual({
      allowed: false,
      reason: 'Only a Supervisor may approve or reject pending credentials.',
    });
    expect(onlyWho('audit.view')).toBe('Only a Supervisor or an Administrator may view and export the audit trail.');
    expect(onlyWho('review.resolve')).toBe('Only a Clerk or a Supervisor may resolve possible duplicates.');
  });
});
