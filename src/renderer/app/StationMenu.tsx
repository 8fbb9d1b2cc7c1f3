import AdminPanelSettingsIcon from '@mui/icons-material/AdminPanelSettings';
import CloudSyncIcon from '@mui/icons-material/CloudSync';
import ReceiptLongIcon from '@mui/icons-material/ReceiptLong';
import UsbIcon from '@mui/icons-material/Usb';
import { ADMIN_PATH } from '../features/admin/paths';
import { AUDIT_PATH } from '../features/audit/paths';
import { DEVICES_PATH } from '../features/devices/paths';
import { SYNC_PATH } from '../features/sync/paths';
import { useCan } from '../stores/session-store';
import { NavMenu, type NavItem } from './NavMenu';

/** This station's own screens: Sync (central server, registration), Devices (card readers) and, for supervisors and administrators, the Audit trail and Administration. */
export function StationMenu() {
  const mayAudit = useCan('audit.view').allowed;
  const mayConfigure = useCan('admin.configure').allowed;
  const mayWatch = useCan('watchlist.view').allowed;
  const mayAdminister = mayConfigure || mayWatch;
  const items: NavItem[] = [
    { label: 'Sync', to: SYNC_PATH, icon: <CloudSyncIcon /> },
    { label: 'Devices', to: DEVICES_PATH, icon: <UsbIcon /> },
    ...(mayAudit ? [{ label: 'Audit trail', to: AUDIT_PATH, icon: <ReceiptLongIcon /> }] : []),
    ...(mayAdminister ? [{ label: 'Administration', to: ADMIN_PATH, icon: <AdminPanelSettingsIcon /> }] : []),
  ];
  return <NavMenu id="station-menu" label="Station" items={items} />;
}
