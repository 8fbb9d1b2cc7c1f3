import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Link from '@mui/material/Link';
import Tooltip from '@mui/material/Tooltip';
import { Link as RouterLink } from 'react-router';
import type { SyncStatus } from '../../../shared/contract';
import { FactList, type Fact } from '../../components/FactList';
import { formatLocal, formatUtc } from '../../lib/format-time';
import { REVIEWS_PATH } from '../reviews/paths';
import { changes, clockOffsetSentence, FEW_EMPLOYEE_NUMBERS } from './sync-words';

/** The Sync page's facts: server, changes waiting, times, clock, Employee Numbers left, reviews. */
export function SyncDetails({ sync }: { sync: SyncStatus }) {
  const registered = sync.state !== 'not-registered';
  const clock = clockOffsetSentence(sync.clockOffsetMs);
  const facts: Fact[] = [
    ['Server address', sync.serverUrl ?? 'None: this station is not registered with a central server'],
    ['Changes waiting', sync.waiting === 0 ? (registered ? 'None: everything is on the server' : 'None') : `${changes(sync.waiting)} kept on this station, not yet on the server`],
    ['Last successful sync', when(sync.lastSuccessAt)],
    ['Last attempt', when(sync.lastAttemptAt)],
  ];
  if (sync.state === 'offline' && sync.nextAttemptAt) facts.push(['Next automatic attempt', when(sync.nextAttemptAt)]);
  if (clock) facts.push(['Clock', clock]);
  facts.push(['Employee Numbers left', employeeNumbersLeft(sync, registered)]);
  facts.push([
    'Needs review',
    sync.openReviews === 0 ? (
      'Nothing needs review'
    ) : (
      <Link component={RouterLink} to={REVIEWS_PATH}>
        {sync.openReviews === 1 ? '1 possible duplicate needs review' : `${sync.openReviews} possible duplicates need review`}
      </Link>
    ),
  ]);
  return <FactList facts={facts} labelWidth="14em" />;
}

function when(iso: string | null) {
  if (iso === null) return 'Never';
  return (
    <Tooltip title={formatUtc(iso)}>
      <time dateTime={iso}>{formatLocal(iso)}</time>
    </Tooltip>
  );
}

function employeeNumbersLeft(sync: SyncStatus, registered: boolean) {
  if (sync.employeeNumbersLeft >= FEW_EMPLOYEE_NUMBERS) return String(sync.employeeNumbersLeft);
  const more = registered
    ? 'Connect to the server to get more: the station asks for more by itself when it is online.'
    : 'Register this station with a central server to get more, or ask your system administrator for a new range.';
  return (
    <Box>
      {sync.employeeNumbersLeft}
      <Alert severity="warning" variant="outlined" sx={{ mt: 1, bgcolor: 'background.paper' }}>
        {sync.employeeNumbersLeft === 0 ? 'No Employee Numbers left: this station cannot add applicants.' : 'Few Employee Numbers left.'} {more}
      </Alert>
    </Box>
  );
}
