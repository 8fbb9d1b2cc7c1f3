/** Station › Administration (HashRouter path); each tab is `/admin/<tab>`. */
export const ADMIN_PATH = '/admin';

export const ADMIN_TABS = ['operators', 'credential-types', 'stations', 'trust', 'watchlist'] as const;
export type AdminTab = (typeof ADMIN_TABS)[number];

export const ADMIN_TAB_LABELS: Record<AdminTab, string> = {
  operators: 'Operators',
  'credential-types': 'Credential types',
  stations: 'Stations',
  trust: 'Trust',
  watchlist: 'Watchlist',
};

export const adminTabPath = (tab: AdminTab): string => `${ADMIN_PATH}/${tab}`;
