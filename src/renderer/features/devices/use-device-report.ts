import { useCallback, useEffect, useState } from 'react';
import type { Device } from '../../../shared/domain/device';
import type { ClerkError } from '../../errors/clerk-messages';
import { describeCallFailure } from '../../stores/station-info-store';

export type ReportState =
  | { status: 'loading' }
  | { status: 'ready'; devices: readonly Device[] }
  | { status: 'failed'; error: ClerkError };

/**
 * The procedure's wait ("Wait for the system to display 'Obtaining device information...'")
 * stays on screen at least this long, so the clerk sees it instead of a flicker.
 */
export const MIN_OBTAINING_MS = 400;

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

interface Loaded {
  employeeNumber: string;
  version: number;
  result: { devices: readonly Device[] } | { error: ClerkError };
}

/**
 * A person's devices (Refresh Report Data): loaded when the tab opens, when `refresh`
 * is called, and when `applicants:changed` names this person.
 */
export function useDeviceReport(employeeNumber: string): ReportState & { refresh: () => void } {
  const [loaded, setLoaded] = useState<Loaded>();
  const [version, setVersion] = useState(0);

  useEffect(
    () =>
      window.station.on('applicants:changed', (changed) => {
        if (changed.employeeNumber === employeeNumber) setVersion((v) => v + 1);
      }),
    [employeeNumber],
  );

  useEffect(() => {
    let current = true;
    const settle = (result: Loaded['result']) => current && setLoaded({ employeeNumber, version, result });
    Promise.all([Promise.resolve().then(() => window.station.devices.report({ employeeNumber })), pause(MIN_OBTAINING_MS)]).then(
      ([devices]) => settle({ devices }),
      (reason: unknown) => settle({ error: describeCallFailure(reason) }),
    );
    return () => {
      current = false;
    };
  }, [employeeNumber, version]);

  const refresh = useCallback(() => setVersion((v) => v + 1), []);

  // Until this person's latest request answers, the screen says it is obtaining.
  if (!loaded || loaded.employeeNumber !== employeeNumber || loaded.version !== version) return { status: 'loading', refresh };
  return 'devices' in loaded.result
    ? { status: 'ready', devices: loaded.result.devices, refresh }
    : { status: 'failed', error: loaded.result.error, refresh };
}
