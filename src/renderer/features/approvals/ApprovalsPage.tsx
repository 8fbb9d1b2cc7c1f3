import CheckCircleIcon from '@mui/icons-material/CheckCircle';
import DoneIcon from '@mui/icons-material/Done';
import DoNotDisturbIcon from '@mui/icons-material/DoNotDisturb';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import CircularProgress from '@mui/material/CircularProgress';
import Link from '@mui/material/Link';
import Paper from '@mui/material/Paper';
import Snackbar from '@mui/material/Snackbar';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import { useId, useRef, useState } from 'react';
import { Link as RouterLink } from 'react-router';
import type { ApprovalRequest } from '../../../shared/contract';
import { CARD_TYPE_NAMES } from '../../../shared/domain/device';
import { useDocumentTitle } from '../../app/use-document-title';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadingState } from '../../components/LoadingState';
import type { ClerkError } from '../../errors/clerk-messages';
import { formatLocal, formatRelative, formatUtc } from '../../lib/format-time';
import { useCan } from '../../stores/session-store';
import { describeCallFailure } from '../../stores/station-info-store';
import { applicantPath } from '../applicants/paths';
import { RejectDialog } from './RejectDialog';
import { useApprovals } from './use-approvals';
import { useStation } from '../../app/station-context';

/**
 * Approvals: credentials whose type needs a supervisor's approval, Pending until one
 * decides ("Credential status shows 'Pending'" in the procedure's troubleshooting).
 */
export function ApprovalsPage() {
  const station = useStation();
  useDocumentTitle('Approvals');
  const approvals = useApprovals();
  const can = useCan('credential.decide');
  const [busy, setBusy] = useState<string>();
  const [failure, setFailure] = useState<ClerkError>();
  const [rejecting, setRejecting] = useState<ApprovalRequest>();
  const [done, setDone] = useState<string>();
  const headingRef = useRef<HTMLHeadingElement>(null);

  const decided = (request: ApprovalRequest, words: string) => {
    approvals.remove(request.credentialId);
    setDone(words);
    // The row that had focus is gone: the page heading takes it, the next row is below.
    headingRef.current?.focus();
  };

  const approve = async (request: ApprovalRequest) => {
    setBusy(request.credentialId);
    setFailure(undefined);
    try {
      await station.approvals.decide({ deviceId: request.deviceId, credentialId: request.credentialId, decision: 'approve', reason: '' });
      decided(request, `Approved: ${request.credentialTypeName} for ${request.holderName} (${request.employeeNumber}) is ISSUED.`);
    } catch (reason) {
      const error = describeCallFailure(reason);
      setFailure(error);
      if (error.code === 'APPROVAL_NOT_FOUND') approvals.reload();
    } finally {
      setBusy(undefined);
    }
  };

  return (
    <Box>
      <Typography variant="h1" ref={headingRef} tabIndex={-1} sx={{ mt: 1, mb: 1, outline: 'none' }}>
        Approvals
      </Typography>
      <Typography sx={{ color: 'text.secondary', mb: 3, maxWidth: '75ch' }}>
        Credential requires supervisor approval: these credentials stay Pending, and no card or phone opens a door with them, until a supervisor
        approves. The person who enrolled someone cannot approve their credential.
      </Typography>
      {!can.allowed && (
        <Alert severity="info" variant="outlined" sx={{ mb: 2, bgcolor: 'background.paper' }}>
          {can.reason}
        </Alert>
      )}
      {failure && (
        <Box sx={{ mb: 2 }}>
          <ErrorAlert error={failure} />
        </Box>
      )}
      {approvals.status === 'loading' && <LoadingState label="Loading the credentials waiting for approval…" />}
      {approvals.status === 'failed' && (
        <ErrorAlert
          error={approvals.error}
          actions={
            <Button variant="contained" onClick={approvals.reload}>
              Try again
            </Button>
          }
        />
      )}
      {approvals.status === 'ready' &&
        (approvals.requests.length === 0 ? (
          <NothingWaiting />
        ) : (
          <TableContainer component={Paper} variant="outlined">
            <Table aria-label="Credentials waiting for approval" sx={{ '& th, & td': { px: 1.5 } }}>
              <TableHead>
                <TableRow>
                  <TableCell>Person</TableCell>
                  <TableCell>Credential type</TableCell>
                  <TableCell>Device</TableCell>
                  <TableCell>Requested by</TableCell>
                  <TableCell>Station</TableCell>
                  <TableCell>Requested</TableCell>
                  <TableCell>Decision</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {approvals.requests.map((request) => (
                  <ApprovalRow
                    key={request.credentialId}
                    request={request}
                    busy={busy === request.credentialId}
                    anyBusy={busy !== undefined}
                    allowed={can.allowed}
                    onApprove={() => void approve(request)}
                    onReject={() => {
                      setFailure(undefined);
                      setRejecting(request);
                    }}
                  />
                ))}
              </TableBody>
            </Table>
          </TableContainer>
        ))}
      {rejecting && (
        <RejectDialog
          request={rejecting}
          onClose={() => setRejecting(undefined)}
          onGone={approvals.reload}
          onRejected={(_device, reason) => {
            setRejecting(undefined);
            decided(rejecting, `Rejected: ${rejecting.credentialTypeName} for ${rejecting.holderName} (${rejecting.employeeNumber}). Reason: ${reason}`);
          }}
        />
      )}
      <Snackbar open={done !== undefined} autoHideDuration={8000} onClose={() => setDone(undefined)} anchorOrigin={{ vertical: 'bottom', horizontal: 'center' }}>
        <Alert severity="success" variant="filled" role="status" onClose={() => setDone(undefined)} sx={{ fontSize: '1.0625rem' }}>
          {done}
        </Alert>
      </Snackbar>
    </Box>
  );
}

interface ApprovalRowProps {
  request: ApprovalRequest;
  busy: boolean;
  anyBusy: boolean;
  allowed: boolean;
  onApprove: () => void;
  onReject: () => void;
}

function ApprovalRow({ request, busy, anyBusy, allowed, onApprove, onReject }: ApprovalRowProps) {
  const whyNotId = useId();
  const off = !allowed || !request.mayDecide;
  const whyNot = request.mayDecide ? undefined : (request.whyNot ?? 'You enrolled this person: another supervisor must decide.');
  const who = `${request.holderName} (${request.employeeNumber})`;
  return (
    <TableRow>
      <TableCell sx={{ whiteSpace: 'nowrap' }}>
        <Link component={RouterLink} to={applicantPath(request.employeeNumber, 'credentials')} sx={{ fontWeight: 600 }}>
          {request.holderName}
        </Link>
        <Typography variant="body2" color="text.secondary" sx={{ fontVariantNumeric: 'tabular-nums' }}>
          Employee Number {request.employeeNumber}
        </Typography>
      </TableCell>
      <TableCell>{request.credentialTypeName}</TableCell>
      <TableCell sx={{ whiteSpace: 'nowrap' }}>
        {CARD_TYPE_NAMES[request.cardType]}
        <Typography variant="body2" color="text.secondary" sx={{ fontVariantNumeric: 'tabular-nums' }}>
          {request.deviceSerialNumber}
        </Typography>
      </TableCell>
      <TableCell>{request.requestedBy}</TableCell>
      <TableCell>{request.stationName}</TableCell>
      <TableCell sx={{ whiteSpace: 'nowrap' }}>
        <Tooltip title={formatUtc(request.requestedAt)} placement="top-start">
          <time dateTime={request.requestedAt} tabIndex={0}>
            {formatRelative(request.requestedAt)}
          </time>
        </Tooltip>
        <Typography variant="body2" color="text.secondary">
          {formatLocal(request.requestedAt)}
        </Typography>
      </TableCell>
      <TableCell sx={{ width: 240 }}>
        <Stack direction="row" spacing={1}>
          <Button
            variant="contained"
            color="success"
            startIcon={busy ? <CircularProgress size={18} color="inherit" aria-hidden /> : <DoneIcon />}
            disabled={off || anyBusy}
            aria-label={`Approve ${request.credentialTypeName} for ${who}`}
            aria-describedby={whyNot ? whyNotId : undefined}
            onClick={onApprove}
          >
            {busy ? 'Approving…' : 'Approve'}
          </Button>
          <Button
            variant="outlined"
            color="error"
            startIcon={<DoNotDisturbIcon />}
            disabled={off || anyBusy}
            aria-label={`Reject ${request.credentialTypeName} for ${who}`}
            aria-describedby={whyNot ? whyNotId : undefined}
            aria-haspopup="dialog"
            onClick={onReject}
            sx={{ bgcolor: 'background.paper' }}
          >
            Reject
          </Button>
        </Stack>
        {whyNot && (
          <Typography id={whyNotId} variant="body2" sx={{ mt: 1, color: 'brand.cautionText', maxWidth: '32ch' }}>
            {whyNot}
          </Typography>
        )}
      </TableCell>
    </TableRow>
  );
}

function NothingWaiting() {
  return (
    <Paper variant="outlined" sx={{ p: { xs: 2, md: 3 } }}>
      <Stack direction="row" spacing={1.5} sx={{ alignItems: 'center', mb: 1 }}>
        <CheckCircleIcon color="success" aria-hidden />
        <Typography variant="h2">No credentials are waiting for approval.</Typography>
      </Stack>
      <Typography>When a clerk enrolls a device whose credential type needs a supervisor&apos;s approval, it appears here.</Typography>
    </Paper>
  );
}
