/** Where the Approvals page lives (HashRouter path). */
export const APPROVALS_PATH = '/approvals';
