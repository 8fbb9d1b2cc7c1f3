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
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import type { CredentialTypeUsage } from '../../../shared/contract/admin-credential-types';
import type { CredentialType } from '../../../shared/domain/credential-types';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadingState } from '../../components/LoadingState';
import { useStationQuery } from '../../lib/use-station-query';
import { CredentialTypeDialog } from './credential-types/CredentialTypeDialog';
import { AdminOfflineNotice } from './credential-types/OfflineNotice';
import { FIELD_NAMES } from './credential-types/policy-draft';

type Row = { type: CredentialType; usage?: CredentialTypeUsage };

/**
 * Station › Administration › Credential types and policies (issue 17). Online: the server's
 * types with their counts, create, edit (reviewed first) and retire. Offline: read-only,
 * this station's copy as the server last sent it.
 */
export function CredentialTypesTab() {
  const types = useStationQuery((s) => s.adminCredentialTypes.list(), []);
  const offline = types.error?.code === 'ADMIN_OFFLINE';
  const local = useStationQuery((s) => s.credentialTypes.list(), [], { enabled: offline });
  const [dialog, setDialog] = useState<{ editing: CredentialType | undefined }>();
  const [done, setDone] = useState<string>();

  if (types.error && !offline) return <ErrorAlert error={types.error} actions={<Button onClick={types.reload}>Try again</Button>} />;
  const rows: Row[] | undefined = offline ? local.data?.map((type) => ({ type })) : types.data?.credentialTypes;
  if (!rows) return <LoadingState label="Loading credential types…" />;

  return (
    <Stack spacing={2}>
      {offline && types.error && <AdminOfflineNotice error={types.error} what="Below: this station's copy of the credential types, as the server last sent them." onRetry={types.reload} />}
      {done && (
        <Alert severity="success" onClose={() => setDone(undefined)}>
          {done}
        </Alert>
      )}
      <Stack direction="row" sx={{ alignItems: 'center', justifyContent: 'space-between' }}>
        <Typography variant="h2" id="types-heading">
          Credential types and policies
        </Typography>
        <Button variant="contained" disabled={offline} onClick={() => setDialog({ editing: undefined })}>
          New credential type
        </Button>
      </Stack>
      <TableContainer component={Paper} variant="outlined">
        <Table aria-labelledby="types-heading" size="small">
          <TableHead>
            <TableRow>
              <TableCell>Name</TableCell>
              <TableCell>Policy</TableCell>
              <TableCell>Applicants</TableCell>
              <TableCell>Credentials</TableCell>
              <TableCell>Status</TableCell>
              <TableCell />
            </TableRow>
          </TableHead>
          <TableBody>
            {rows.map(({ type, usage }) => (
              <TableRow key={type.id}>
                <TableCell>
                  <Typography>{type.name}</Typography>
                  <Typography variant="body2" color="text.secondary">
                    {type.id}
                  </Typography>
                </TableCell>
                <TableCell>{policySummary(type)}</TableCell>
                <TableCell>{usage ? usage.applicants : '—'}</TableCell>
                <TableCell>{usage ? credentialsSummary(usage) : '—'}</TableCell>
                <TableCell>{type.retired ? <Chip label="Retired" size="small" /> : <Chip label="In use" size="small" color="success" variant="outlined" />}</TableCell>
                <TableCell align="right">
                  <Button size="small" disabled={offline} onClick={() => setDialog({ editing: type })} aria-label={`Edit ${type.name}`}>
                    Edit
                  </Button>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </TableContainer>
      {dialog && (
        <CredentialTypeDialog
          editing={dialog.editing}
          onClose={() => setDialog(undefined)}
          onSaved={(words) => {
            setDialog(undefined);
            setDone(words);
            types.reload();
          }}
        />
      )}
    </Stack>
  );
}

function policySummary(type: CredentialType): string {
  const p = type.policy;
  return [
    p.mobileCapable ? 'Mobile' : 'Card only',
    p.requiredFields.length > 0 ? `requires ${p.requiredFields.map((f) => FIELD_NAMES[f].toLowerCase()).join(', ')}` : undefined,
    p.supervisorApprovalRequired ? 'supervisor approval' : undefined,
    p.pinRequiredForDeviceEnrollment ? 'PIN at enrollment' : undefined,
    p.mobileCapable ? `invitation ${p.invitationValidMinutes} min` : undefined,
    p.mobilePartNumber ? `part ${p.mobilePartNumber}` : undefined,
  ]
    .filter(Boolean)
    .join('; ');
}

function credentialsSummary(usage: CredentialTypeUsage): string {
  const entries = Object.entries(usage.credentials);
  return entries.length === 0 ? '0' : entries.map(([status, n]) => `${n} ${status}`).join(', ');
}
