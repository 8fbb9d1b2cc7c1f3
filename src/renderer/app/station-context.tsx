import { createContext, useContext, type ReactNode } from 'react';
import type { StationApi } from '../../shared/contract';

/**
 * The one way the renderer reaches the station: main.tsx provides `window.station`,
 * tests provide a fake built from the contract. Stores get it passed in by the
 * component that follows them.
 */
const StationContext = createContext<StationApi | undefined>(undefined);

export function StationProvider({ station, children }: { station: StationApi | undefined; children: ReactNode }) {
  return <StationContext value={station}>{children}</StationContext>;
}

/** The station API; only below a StationProvider that has one (App checks first). */
export function useStation(): StationApi {
  const station = useContext(StationContext);
  if (!station) throw new Error('useStation() outside a StationProvider with a station');
  return station;
}

/** The station API, or undefined when the page was opened without its host. */
export function useStationIfAny(): StationApi | undefined {
  const station = useContext(StationContext);
  return typeof station === 'object' && station !== null ? station : undefined;
}
