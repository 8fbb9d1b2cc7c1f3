import CloudSyncIcon from '@mui/icons-material/CloudSync';
import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import CircularProgress from '@mui/material/CircularProgress';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useEffect, useRef, useState } from 'react';
import type { SyncStatus } from '../../../shared/contract';
import { useDocumentTitle } from '../../app/use-document-title';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadingState } from '../../components/LoadingState';
import type { ClerkError } from '../../errors/clerk-messages';
import { formatTimeOfDay } from '../../lib/format-time';
import { describeCallFailure } from '../../stores/station-info-store';
import { loadSync, runSyncCall, useSync } from '../../stores/sync-store';
import { RegisterStation } from './RegisterStation';
import { SyncDetails } from './SyncDetails';
import { PROBLEM_ADVICE, statusSentence } from './sync-words';
import { useStation } from '../../app/station-context';

/** Sync: whether this station reaches the central server, what is waiting, errors in plain words, and registration. */
export function SyncPage() {
  const station = useStation();
  useDocumentTitle('Sync');
  const state = useSync();

  return (
    <Box>
      <Typography variant="h1" sx={{ mt: 1, mb: 1 }}>
        Sync
      </Typography>
      <Typography sx={{ color: 'text.secondary', mb: 3 }}>
        This station saves its work here first and shares it with the central server when it can. This page updates by itself.
      </Typography>
      {state.status === 'loading' && <LoadingState label="Reading the sync status…" />}
      {state.status === 'failed' && (
        <ErrorAlert
          error={state.error}
          actions={
            <Button variant="contained" onClick={() => void loadSync(station)}>
              Try again
            </Button>
          }
        />
      )}
      {state.status === 'ready' && <SyncView sync={state.sync} />}
    </Box>
  );
}

function SyncView({ sync }: { sync: SyncStatus }) {
  const registered = sync.state !== 'not-registered';
  return (
    <Stack spacing={3}>
      <Paper variant="outlined" sx={{ p: { xs: 2, md: 3 } }}>
        <Typography role="status" sx={{ fontSize: '1.5rem', fontWeight: 700, lineHeight: 1.3, mb: 2 }}>
          {statusSentence(sync)}
        </Typography>
        {sync.lastError && <LastError error={sync.lastError} />}
        {sync.lastRefusal && (
          <Alert severity="warning" variant="outlined" sx={{ mb: 2 }}>
            <AlertTitle>The server refused a change (at {formatTimeOfDay(sync.lastRefusal.at)})</AlertTitle>
            <Typography>{sync.lastRefusal.message}</Typography>
            <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }}>
              It was not applied on the server; the records here show the server&apos;s version. Redo it signed in as an operator with the right role.
            </Typography>
          </Alert>
        )}
        {sync.auditProblem && (
          <Alert severity="error" variant="outlined" sx={{ mb: 2 }}>
            <AlertTitle>Audit trail not accepted by the server</AlertTitle>
            <Typography>{sync.auditProblem}</Typography>
            <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }}>
              Other changes keep syncing. Tell your supervisor: the server recorded the break, and Station › Audit trail shows what is wrong.
            </Typography>
          </Alert>
        )}
        <SyncDetails sync={sync} />
        {registered && <SyncNow syncing={sync.state === 'syncing'} />}
      </Paper>
      <Paper variant="outlined" sx={{ p: { xs: 2, md: 3 } }} component="section" aria-labelledby="registration-heading">
        <Typography variant="h2" id="registration-heading" sx={{ mb: 2 }}>
          Station registration
        </Typography>
        <RegisterStation sync={sync} />
      </Paper>
    </Stack>
  );
}

function LastError({ error }: { error: NonNullable<SyncStatus['lastError']> }) {
  const advice = PROBLEM_ADVICE[error.problem];
  return (
    <Alert severity={advice.severity} variant="outlined" sx={{ mb: 2 }}>
      <AlertTitle>
        {advice.title} (at {formatTimeOfDay(error.at)})
      </AlertTitle>
      <Typography>{advice.fix}</Typography>
      {error.message.trim() !== '' && (
        <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }}>
          Server says: {error.message}
        </Typography>
      )}
    </Alert>
  );
}

/** Sync now: tries at once instead of waiting for the next automatic attempt. */
function SyncNow({ syncing }: { syncing: boolean }) {
  const station = useStation();
  const [asking, setAsking] = useState(false);
  const [failure, setFailure] = useState<ClerkError>();
  const buttonRef = useRef<HTMLButtonElement>(null);
  const busy = asking || syncing;

  // A disabled button drops the focus; when it is usable again the keyboard continues from it.
  const hadFocus = useRef(false);
  useEffect(() => {
    if (busy) return;
    if (hadFocus.current && document.activeElement === document.body) buttonRef.current?.focus();
    hadFocus.current = false;
  }, [busy]);

  const syncNow = async () => {
    hadFocus.current = document.activeElement === buttonRef.current;
    setAsking(true);
    setFailure(undefined);
    try {
      await runSyncCall(() => station.sync.now());
    } catch (reason) {
      setFailure(describeCallFailure(reason));
    } finally {
      setAsking(false);
    }
  };

  return (
    <Box sx={{ mt: 3 }}>
      {failure && (
        <Box sx={{ mb: 2 }}>
          <ErrorAlert error={failure} />
        </Box>
      )}
      <Button
        variant="contained"
        size="large"
        ref={buttonRef}
        disabled={busy}
        onClick={() => void syncNow()}
        startIcon={busy ? <CircularProgress size={20} color="inherit" aria-hidden /> : <CloudSyncIcon />}
      >
        {busy ? 'Syncing…' : 'Sync now'}
      </Button>
    </Box>
  );
}
