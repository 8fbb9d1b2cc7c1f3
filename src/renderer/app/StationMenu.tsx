import CloudSyncIcon from '@mui/icons-material/CloudSync';
import ReceiptLongIcon from '@mui/icons-material/ReceiptLong';
import UsbIcon from '@mui/icons-material/Usb';
import { AUDIT_PATH } from '../features/audit/paths';
import { DEVICES_PATH } from '../features/devices/paths';
import { SYNC_PATH } from '../features/sync/paths';
import { useCan } from '../stores/session-store';
import { NavMenu, type NavItem } from './NavMenu';

/** This station's own screens: Sync (central server, registration), Devices (card readers) and, for supervisors and administrators, the Audit trail. */
export function StationMenu() {
  const mayAudit = useCan('audit.view').allowed;
  const items: NavItem[] = [
    { label: 'Sync', to: SYNC_PATH, icon: <CloudSyncIcon /> },
    { label: 'Devices', to: DEVICES_PATH, icon: <UsbIcon /> },
    ...(mayAudit ? [{ label: 'Audit trail', to: AUDIT_PATH, icon: <ReceiptLongIcon /> }] : []),
  ];
  return <NavMenu id="station-menu" label="Station" items={items} />;
}
