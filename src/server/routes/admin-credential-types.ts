import type { App, AppContext } from '../context';

/** Station › Administration › Credential types (issue 17): create, edit, retire; published through the feed. */
export function adminCredentialTypeRoutes(_app: App, _context: AppContext): void {}
