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
import { toneSx } from '../../app/theme';

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
                <Chip label={device.status} sx={toneSx(device.status === 'Replaced' ? 'retired' : 'good')} />
                {device.replacedBy && (
                  <Typography variant="body2" sx={{ mt: 0.5, color: 'text.secondary', whiteSpace: 'nowrap' }}>
                    by card {device.replacedBy.serialNumber}
                  </Typography>
                )}
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

const PENDING_MEANS = "Credential requires supervisor approval: it is issued once a supervisor approves it. Then click Refresh Report Data.";

const CHIP_LOOKS: Record<DeviceCredential['status'], { bgcolor: string; color: string }> = {
  ISSUED: toneSx('good'),
  PENDING: toneSx('caution'),
  REJECTED: toneSx('bad'),
  REVOKED: toneSx('retired'),
};

/**
 * "Mobile PACS – Employee — ISSUED": the type's name and the credential's status, with
 * what a supervisor decided: Pending approval, Approved by …, or REJECTED by … and why.
 */
function CredentialLine({ name, credential }: { name: string; credential: DeviceCredential }) {
  const { status, decision } = credential;
  const chip = (
    <Chip
      size="small"
      label={status}
      tabIndex={status === 'PENDING' ? 0 : undefined}
      aria-description={status === 'PENDING' ? PENDING_MEANS : undefined}
      sx={{ fontSize: '0.875rem', letterSpacing: 0.5, ...CHIP_LOOKS[status] }}
    />
  );
  return (
    <Box>
      <Box sx={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', columnGap: 1 }}>
        <Box component="span" sx={{ whiteSpace: 'nowrap' }}>
          {name}
        </Box>
        <Box component="span" aria-hidden sx={{ color: 'text.secondary' }}>
          —
        </Box>
        {status === 'PENDING' ? <Tooltip title={PENDING_MEANS}>{chip}</Tooltip> : chip}
      </Box>
      {status === 'PENDING' && (
        <Typography variant="body2" sx={{ mt: 0.5, color: 'brand.cautionText' }}>
          <strong>Pending approval</strong>: credential requires supervisor approval.
        </Typography>
      )}
      {status === 'REJECTED' && (
        <Typography variant="body2" sx={{ mt: 0.5, color: 'brand.badText' }}>
          Rejected{decision ? ` by ${decision.decidedBy}, ${formatLocal(decision.decidedAt)}` : ''}
          {decision?.reason ? `. Reason: ${decision.reason}` : ''}
        </Typography>
      )}
      {status === 'REVOKED' && credential.statusReason && (
        <Typography variant="body2" sx={{ mt: 0.5, color: 'text.secondary' }}>
          {credential.statusReason}
        </Typography>
      )}
      {status === 'ISSUED' && decision?.decision === 'approve' && (
        <Typography variant="body2" sx={{ mt: 0.5, color: 'text.secondary' }}>
          Approved by {decision.decidedBy}, {formatLocal(decision.decidedAt)}
        </Typography>
      )}
    </Box>
  );
}
