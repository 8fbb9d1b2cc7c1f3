import type { ReactNode } from 'react';
import type { StationApi } from '../../shared/contract';
import { StationProvider } from '../app/station-context';

/** `render(ui, { wrapper: withStation(station) })`: the component under test reaches the fake as the app reaches window.station. */
export function withStation(station: StationApi) {
  return function StationWrapper({ children }: { children: ReactNode }) {
    return <StationProvider station={station}>{children}</StationProvider>;
  };
}
