import { useCallback, useEffect, useLayoutEffect, useRef, useState, type DependencyList } from 'react';
import type { EventName, PayloadOf, StationApi } from '../../shared/contract';
import { useStation } from '../app/station-context';
import type { ClerkError } from '../errors/clerk-messages';
import { describeCallFailure } from '../stores/station-info-store';

/** An event after which the query asks again; `when` narrows it (e.g. only this person). */
export type ReloadOn = { [E in EventName]: { event: E; when?: (payload: PayloadOf<E>) => boolean } }[EventName];

export interface StationQueryOptions {
  /** false asks nothing (e.g. an operator who may not see the answer); what was shown stays. */
  enabled?: boolean;
  /** Keep showing the answer for the previous deps while the new one loads (search boxes). */
  keepPrevious?: boolean;
  reloadOn?: ReloadOn;
}

export interface StationQuery<T> {
  /** The answer shown: undefined before the first one, after a failure, or for other deps. */
  data: T | undefined;
  error: ClerkError | undefined;
  /** The latest request (for these deps, after the latest reload) has not answered yet. */
  loading: boolean;
  reload: () => void;
  /** Changes the shown answer in place (a call just answered), until the next answer. */
  update: (change: (data: T) => T) => void;
}

type Answer<T> = { key: string; version: number } & ({ ok: true; data: T } | { ok: false; error: ClerkError });

/**
 * Asks the station when `deps` change (or on reload / `reloadOn`) and keeps only the
 * answer to the latest request: an answer arriving after a newer request, or after
 * unmount, is dropped. `deps` are plain values (strings, numbers, booleans).
 */
export function useStationQuery<T>(query: (station: StationApi) => Promise<T>, deps: DependencyList, options: StationQueryOptions = {}): StationQuery<T> {
  const { enabled = true, keepPrevious = false, reloadOn } = options;
  const station = useStation();
  const [version, setVersion] = useState(0);
  const [answer, setAnswer] = useState<Answer<T>>();
  const key = JSON.stringify(deps);

  // The latest closures, so a new function each render does not ask again.
  const latest = useRef({ query, when: reloadOn?.when });
  useLayoutEffect(() => {
    latest.current = { query, when: reloadOn?.when };
  });

  const event = reloadOn?.event;
  useEffect(() => {
    if (!event) return undefined;
    return station.on(event, (payload) => {
      const when = latest.current.when as ((payload: unknown) => boolean) | undefined;
      if (!when || when(payload)) setVersion((v) => v + 1);
    });
  }, [station, event]);

  useEffect(() => {
    if (!enabled) return undefined;
    let current = true;
    Promise.resolve()
      .then(() => latest.current.query(station))
      .then(
        (data) => current && setAnswer({ key, version, ok: true, data }),
        (reason: unknown) => current && setAnswer({ key, version, ok: false, error: describeCallFailure(reason) }),
      );
    return () => {
      current = false;
    };
  }, [station, key, version, enabled]);

  const reload = useCallback(() => setVersion((v) => v + 1), []);
  const update = useCallback((change: (data: T) => T) => setAnswer((a) => (a?.ok ? { ...a, data: change(a.data) } : a)), []);

  const shown = answer && (keepPrevious || answer.key === key) ? answer : undefined;
  return {
    data: shown?.ok ? shown.data : undefined,
    error: shown && !shown.ok ? shown.error : undefined,
    loading: enabled && (!answer || answer.key !== key || answer.version !== version),
    reload,
    update,
  };
}
