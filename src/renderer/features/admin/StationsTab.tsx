import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import type { StationSummary } from '../../../shared/contract/server-protocol';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadingState } from '../../components/LoadingState';
import { formatLocal, formatRelative } from '../../lib/format-time';
import { useStationQuery } from '../../lib/use-station-query';
import { AdminOfflineNotice } from './credential-types/OfflineNotice';
import { RevokeDialog } from './stations/RevokeDialog';
import { TokenDialog } from './stations/TokenDialog';

/**
 * Station › Administration › Stations (issue 17): registered stations with their site, last
 * sync, waiting changes and audit head; registration tokens; revoking with a reason.
 */
export function StationsTab() {
  const list = useStationQuery((s) => s.adminStations.list(), []);
  const [tokenOpen, setTokenOpen] = useState(false);
  const [revoking, setRevoking] = useState<StationSummary>();
  const [done, setDone] = useState<string>();

  if (list.error?.code === 'ADMIN_OFFLINE') {
    return <AdminOfflineNotice error={list.error} what="The station list, tokens and revocations are on the central server: none can be shown or made until it answers." onRetry={list.reload} />;
  }
  if (list.error) return <ErrorAlert error={list.error} actions={<Button onClick={list.reload}>Try again</Button>} />;
  if (!list.data) return <LoadingState label="Loading stations…" />;
  const { stations, thisStationId } = list.data;

  return (
    <Stack spacing={2}>
      {done && (
        <Alert severity="success" onClose={() => setDone(undefined)}>
          {done}
        </Alert>
      )}
      <Stack direction="row" sx={{ alignItems: 'center', justifyContent: 'space-between' }}>
        <Typography variant="h2" id="stations-heading">
          Registered stations
        </Typography>
        <Button variant="contained" onClick={() => setTokenOpen(true)}>
          Create registration token
        </Button>
      </Stack>
      <TableContainer component={Paper} variant="outlined">
        <Table aria-labelledby="stations-heading" size="small">
          <TableHead>
            <TableRow>
              <TableCell>Station</TableCell>
              <TableCell>Site</TableCell>
              <TableCell>Last sync</TableCell>
              <TableCell>Waiting changes</TableCell>
              <TableCell>Audit head</TableCell>
              <TableCell>Status</TableCell>
              <TableCell />
            </TableRow>
          </TableHead>
          <TableBody>
            {stations.map((s) => (
              <TableRow key={s.stationId}>
                <TableCell>
                  <Typography>
                    {s.stationName}
                    {s.stationId === thisStationId ? ' (this station)' : ''}
                  </Typography>
                  <Typography variant="body2" color="text.secondary">
                    Registered {formatLocal(s.registeredAt)}
                  </Typography>
                </TableCell>
                <TableCell>{s.site ?? '—'}</TableCell>
                <TableCell>{s.lastSeenAt ? <Tooltip title={formatLocal(s.lastSeenAt)}><span>{formatRelative(s.lastSeenAt)}</span></Tooltip> : 'Never'}</TableCell>
                <TableCell>{s.waitingChanges ?? '—'}</TableCell>
                <TableCell>{s.auditHeadSeq === null ? 'None yet' : `#${s.auditHeadSeq}`}</TableCell>
                <TableCell>
                  {s.revokedAt ? (
                    <>
                      <Chip label="Revoked" size="small" color="error" variant="outlined" />
                      <Typography variant="body2" color="text.secondary">
                        {formatLocal(s.revokedAt)}
                        {s.revokedReason ? `: ${s.revokedReason}` : ''}
                      </Typography>
                    </>
                  ) : (
                    <Chip label="Active" size="small" color="success" variant="outlined" />
                  )}
                </TableCell>
                <TableCell align="right">
                  {!s.revokedAt && (
                    <Button size="small" color="error" onClick={() => setRevoking(s)} aria-label={`Revoke ${s.stationName}`}>
                      Revoke
                    </Button>
                  )}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </TableContainer>
      {tokenOpen && (
        <TokenDialog
          onClose={() => {
            setTokenOpen(false);
            list.reload();
          }}
        />
      )}
      {revoking && (
        <RevokeDialog
          target={revoking}
          isThisStation={revoking.stationId === thisStationId}
          onClose={() => setRevoking(undefined)}
          onRevoked={(s) => {
            setRevoking(undefined);
            setDone(`${s.stationName} is revoked: it can no longer sync.`);
            list.update((data) => ({ ...data, stations: data.stations.map((x) => (x.stationId === s.stationId ? s : x)) }));
          }}
        />
      )}
    </Stack>
  );
}
