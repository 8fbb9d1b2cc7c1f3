import { create } from 'zustand';
import type { StationApi } from '../../shared/contract';

export interface ConnectionState {
  /** False while the page cannot reach its station (web host only; Electron is always connected). */
  connected: boolean;
  /** Counts reconnections: the screens reload what they show each time it changes. */
  generation: number;
}

export const useConnection = create<ConnectionState>(() => ({ connected: true, generation: 0 }));

/** Follows `connection:changed` from the transport. Returns the function that stops following. */
export function followConnection(station: StationApi): () => void {
  return station.on('connection:changed', ({ connected }) => {
    const was = useConnection.getState();
    if (connected === was.connected) return;
    useConnection.setState({ connected, generation: connected ? was.generation + 1 : was.generation });
  });
}
