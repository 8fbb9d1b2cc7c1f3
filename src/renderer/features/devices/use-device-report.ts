import type { Device } from '../../../shared/domain/device';
import type { ClerkError } from '../../errors/clerk-messages';
import { useStationQuery } from '../../lib/use-station-query';

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

/**
 * A person's devices (Refresh Report Data): loaded when the tab opens, when `refresh`
 * is called, and when `applicants:changed` names this person.
 */
export function useDeviceReport(employeeNumber: string): ReportState & { refresh: () => void } {
  const query = useStationQuery(
    (station) => Promise.all([station.devices.report({ employeeNumber }), pause(MIN_OBTAINING_MS)]).then(([devices]) => devices),
    [employeeNumber],
    { reloadOn: { event: 'applicants:changed', when: (changed) => changed.employeeNumber === employeeNumber } },
  );
  const refresh = query.reload;
  // Until this person's latest request answers, the screen says it is obtaining.
  if (query.loading) return { status: 'loading', refresh };
  if (query.error) return { status: 'failed', error: query.error, refresh };
  return { status: 'ready', devices: query.data ?? [], refresh };
}
