import ContactlessIcon from '@mui/icons-material/Contactless';
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import type { ReactNode } from 'react';
import type { Device, DeviceCredential } from '../../../shared/domain/device';
import { formatLocal, formatUtc } from '../../lib/format-time';
import { credentialTypeName, useCredentialTypes } from '../../stores/credential-types-store';
import { useStationInfo } from '../../stores/station-info-store';
import { deviceKind } from './card-words';

/**
 * The person's devices after Refresh Report Data: newest first, each with its credentials
 * and, when `actionFor` is given, its Action menu (Step 9).
 */
export function DeviceReport({ devices, actionFor }: { devices: readonly Device[]; actionFor?: (device: Device) => ReactNode }) {
  const { types } = useCredentialTypes();
  const station = useStationInfo();
  if (devices.length === 0) {
    return (
      <Stack spacing={1} sx={{ py: 2 }}>
        <Stack direction="row" spacing={2} sx={{ alignItems: 'center' }}>
          <ContactlessIcon sx={{ fontSize: 40, color: 'text.secondary' }} aria-hidden />
          <Typography variant="h2" component="p">
            No devices enrolled yet
          </Typography>
        </Stack>
        <Typography sx={{ maxWidth: '60ch' }}>To enroll the applicant&apos;s card, click + Device.</Typography>
      </Stack>
    );
  }
  const newestFirst = [...devices].sort((a, b) => b.enrolledAt.localeCompare(a.enrolledAt));
  const stationName = (id: string) => (station.info && station.info.stationId === id ? station.info.stationName : id);
  return (
    <TableContainer>
      <Table aria-label="Devices">
        <TableHead>
          <TableRow>
            <TableCell>Serial Number</TableCell>
            <TableCell>Device Type</TableCell>
            <TableCell>Status</TableCell>
            <TableCell>Credentials</TableCell>
            <TableCell>Enrolled</TableCell>
            {actionFor && <TableCell>Actions</TableCell>}
          </TableRow>
        </TableHead>
        <TableBody>
          {newestFirst.map((device) => (
            <TableRow key={device.id}>
              <TableCell sx={{ fontWeight: 700, fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}>{device.serialNumber}</TableCell>
              <TableCell>{deviceKind(device.cardType, device.cardFamily)}</TableCell>
              <TableCell>
                <Chip label={device.status} sx={{ bgcolor: '#d7f5df', color: '#0b3d1e' }} />
              </TableCell>
              <TableCell>
                <Stack spacing={1}>
                  {device.credentials.map((credential) => (
                    <CredentialLine key={credential.id} name={credentialTypeName(types, credential.credentialTypeId)} credential={credential} />
                  ))}
                </Stack>
              </TableCell>
              <TableCell sx={{ whiteSpace: 'nowrap' }}>
                <Tooltip title={formatUtc(device.enrolledAt)} placement="top-start">
                  <time dateTime={device.enrolledAt} tabIndex={0}>
                    {formatLocal(device.enrolledAt)}
                  </time>
                </Tooltip>
                <Typography variant="body2" color="text.secondary">
                  by {device.enrolledBy} · {stationName(device.stationId)}
                </Typography>
              </TableCell>
              {actionFor && <TableCell>{actionFor(device)}</TableCell>}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
}

const PENDING_MEANS = 'Pending: the credential is issued once a supervisor approves it. Then click Refresh Report Data.';

/** "Mobile PACS – Employee — ISSUED": the type's name and the credential's status. */
function CredentialLine({ name, credential }: { name: string; credential: DeviceCredential }) {
  const issued = credential.status === 'ISSUED';
  const chip = (
    <Chip
      size="small"
      label={credential.status}
      tabIndex={issued ? undefined : 0}
      aria-description={issued ? undefined : PENDING_MEANS}
      sx={{
        fontSize: '0.875rem',
        letterSpacing: 0.5,
        bgcolor: issued ? '#d7f5df' : '#ffe9b8',
        color: issued ? '#0b3d1e' : '#3d2800',
      }}
    />
  );
  return (
    <Box sx={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', columnGap: 1 }}>
      <Box component="span" sx={{ whiteSpace: 'nowrap' }}>
        {name}
      </Box>
      <Box component="span" aria-hidden sx={{ color: 'text.secondary' }}>
        —
      </Box>
      {issued ? chip : <Tooltip title={PENDING_MEANS}>{chip}</Tooltip>}
    </Box>
  );
}
