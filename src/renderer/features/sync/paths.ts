/** Where the Sync page lives (HashRouter path). */
export const SYNC_PATH = '/sync';
