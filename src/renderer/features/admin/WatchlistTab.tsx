import RefreshIcon from '@mui/icons-material/Refresh';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { WATCHLIST_DEFAULT_HOURS } from '../../../shared/contract/watchlist-protocol';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadingState } from '../../components/LoadingState';
import { formatLocal } from '../../lib/format-time';
import { useStationQuery } from '../../lib/use-station-query';
import { APPROVAL_COLUMNS, ApprovalRow, INVITATION_COLUMNS, InvitationRow, STATION_COLUMNS, StationRow } from './watchlist/rows';
import { WatchlistSection } from './watchlist/WatchlistSection';

type Hours = { invitationHours: number; approvalHours: number; stationHours: number };

/**
 * Station › Administration › Watchlist (issue 17), for Supervisors and Administrators: what
 * has waited too long, asked of the central server in one call (its own state, at that
 * moment). Offline it says why and shows nothing: an old answer is not shown as current.
 */
export function WatchlistTab() {
  const [hours, setHours] = useState<Hours>({ ...WATCHLIST_DEFAULT_HOURS });
  const query = useStationQuery((station) => station.watchlist.get(hours), [hours.invitationHours, hours.approvalHours, hours.stationHours]);
  const data = query.data;
  const set = (key: keyof Hours) => (value: number) => setHours((h) => ({ ...h, [key]: value }));
  const count = (list: { total: number; items: unknown[] } | undefined) => (list ? { total: list.total, shown: list.items.length } : undefined);

  return (
    <Box>
      <Stack direction="row" spacing={2} sx={{ alignItems: 'center', justifyContent: 'space-between', mb: 2 }}>
        <Typography color="text.secondary">
          {data ? `From the central server at ${formatLocal(data.serverTime)}, oldest first.` : 'What has waited too long, from the central server.'}
        </Typography>
        <Button variant="outlined" startIcon={<RefreshIcon />} onClick={query.reload} disabled={query.loading}>
          Refresh
        </Button>
      </Stack>
      {query.error && (
        <Box sx={{ mb: 3 }}>
          <ErrorAlert
            error={query.error}
            actions={
              <Button variant="contained" onClick={query.reload}>
                Try again
              </Button>
            }
          />
        </Box>
      )}
      {query.loading && !data && <LoadingState label="Asking the central server for the watchlist…" />}
      <WatchlistSection
        title="Invitations not picked up"
        hoursLabel="Not picked up after"
        hours={hours.invitationHours}
        onHours={set('invitationHours')}
        list={count(data?.invitations)}
        empty={`Every invitation issued more than ${hours.invitationHours} hours ago has been picked up.`}
        columns={INVITATION_COLUMNS}
      >
        {data?.invitations.items.map((item) => <InvitationRow key={item.invitationId} item={item} now={data.serverTime} />)}
      </WatchlistSection>
      <WatchlistSection
        title="Credentials Pending approval"
        hoursLabel="Pending for more than"
        hours={hours.approvalHours}
        onHours={set('approvalHours')}
        list={count(data?.approvals)}
        empty={`No credential has been Pending approval for more than ${hours.approvalHours} hours.`}
        columns={APPROVAL_COLUMNS}
      >
        {data?.approvals.items.map((item) => <ApprovalRow key={item.credentialId} item={item} now={data.serverTime} />)}
      </WatchlistSection>
      <WatchlistSection
        title="Stations not seen"
        hoursLabel="Not seen for"
        hours={hours.stationHours}
        onHours={set('stationHours')}
        list={count(data?.stations)}
        empty={`Every station has been in contact within the last ${hours.stationHours} hours.`}
        columns={STATION_COLUMNS}
      >
        {data?.stations.items.map((item) => <StationRow key={item.stationId} item={item} now={data.serverTime} />)}
      </WatchlistSection>
    </Box>
  );
}
