import CloudSyncIcon from '@mui/icons-material/CloudSync';
import UsbIcon from '@mui/icons-material/Usb';
import { DEVICES_PATH } from '../features/devices/paths';
import { SYNC_PATH } from '../features/sync/paths';
import { NavMenu } from './NavMenu';

/** This station's own screens: Sync (central server, registration) and Devices (card readers). */
export function StationMenu() {
  return (
    <NavMenu
      id="station-menu"
      label="Station"
      items={[
        { label: 'Sync', to: SYNC_PATH, icon: <CloudSyncIcon /> },
        { label: 'Devices', to: DEVICES_PATH, icon: <UsbIcon /> },
      ]}
    />
  );
}
