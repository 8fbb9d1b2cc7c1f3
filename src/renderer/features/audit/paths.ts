/** Where the Audit trail page lives (HashRouter path). */
export const AUDIT_PATH = '/audit';
