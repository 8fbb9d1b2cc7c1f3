import type { StationApi } from '../shared/contract';

declare global {
  interface Window {
    /** The station's back end: set by the Electron preload or by src/preload/web.ts. */
    station: StationApi;
  }
}

export {};
