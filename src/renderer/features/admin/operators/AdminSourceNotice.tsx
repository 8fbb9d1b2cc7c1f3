import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import type { AdminSource } from '../../../../shared/contract';
import { formatLocal } from '../../../lib/format-time';

/** Offline: administration is read-only, and the list below is this station's last copy. */
export function AdminSourceNotice({ source, what }: { source: AdminSource; what: string }) {
  if (source.kind === 'server') return null;
  const copy = source.copyCheckedAt ? `this station's copy of the registry, as the central server sent it on ${formatLocal(source.copyCheckedAt)}` : 'this station\'s copy of the registry (it has none yet)';
  return (
    <Alert severity="warning" variant="outlined" sx={{ mb: 2, bgcolor: 'background.paper' }}>
      <AlertTitle>Read-only: the central server cannot be reached</AlertTitle>
      {source.offlineReason} Changes are made on the central server, so none can be made until it answers. Below: {what} from {copy}.
    </Alert>
  );
}
