import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Tab from '@mui/material/Tab';
import Tabs from '@mui/material/Tabs';
import Typography from '@mui/material/Typography';
import { Link, Navigate, useParams } from 'react-router';
import { useDocumentTitle } from '../../app/use-document-title';
import { useCan } from '../../stores/session-store';
import { CredentialTypesTab } from './CredentialTypesTab';
import { OperatorsTab } from './OperatorsTab';
import { ADMIN_TAB_LABELS, ADMIN_TABS, adminTabPath, type AdminTab } from './paths';
import { StationsTab } from './StationsTab';
import { TrustTab } from './TrustTab';
import { WatchlistTab } from './WatchlistTab';

const TAB_CONTENT: Record<AdminTab, () => React.JSX.Element> = {
  operators: OperatorsTab,
  'credential-types': CredentialTypesTab,
  stations: StationsTab,
  trust: TrustTab,
  watchlist: WatchlistTab,
};

/**
 * Station › Administration: operators, credential types and policies, stations, trust (for
 * Administrators) and the watchlist (also for Supervisors). Main and the server refuse what
 * the operator's roles do not allow; this page only shows what they do.
 */
export function AdministrationPage() {
  useDocumentTitle('Administration');
  const { tab } = useParams();
  const configure = useCan('admin.configure');
  const watch = useCan('watchlist.view');
  const tabs = ADMIN_TABS.filter((t) => (t === 'watchlist' ? watch.allowed : configure.allowed));

  if (tabs.length === 0) {
    return (
      <Box sx={{ mt: 1 }}>
        <Typography variant="h1" sx={{ mb: 2 }}>
          Administration
        </Typography>
        <Alert severity="info">{configure.reason ?? 'Administration is for Administrators (and the watchlist for Supervisors).'}</Alert>
      </Box>
    );
  }
  const current = tabs.find((t) => t === tab);
  if (!current) return <Navigate to={adminTabPath(tabs[0]!)} replace />;
  const Content = TAB_CONTENT[current];
  return (
    <Box sx={{ mt: 1 }}>
      <Typography variant="h1" sx={{ mb: 1 }}>
        Administration
      </Typography>
      <Tabs value={current} aria-label="Administration" sx={{ borderBottom: 1, borderColor: 'divider', mb: 3 }}>
        {tabs.map((t) => (
          <Tab key={t} value={t} label={ADMIN_TAB_LABELS[t]} component={Link} to={adminTabPath(t)} />
        ))}
      </Tabs>
      <Content />
    </Box>
  );
}
