import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import ToggleButton from '@mui/material/ToggleButton';
import ToggleButtonGroup from '@mui/material/ToggleButtonGroup';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import type { OperatorChangeResult } from '../../../../shared/contract';
import type { Role } from '../../../../shared/domain/roles';
import { useStation } from '../../../app/station-context';
import { ErrorAlert } from '../../../components/ErrorAlert';
import type { ClerkError } from '../../../errors/clerk-messages';
import { useReaders } from '../../../stores/readers-store';
import { useSession } from '../../../stores/session-store';
import { describeCallFailure } from '../../../stores/station-info-store';
import { RoleCheckboxes } from './RoleCheckboxes';

/**
 * Adds an operator from the operator card in a reader (main reads its certificate) or from
 * a certificate file (PEM, or DER read as base64). The server checks the certificate.
 */
export function AddOperatorDialog({ open, onClose, onDone }: { open: boolean; onClose: () => void; onDone: (result: OperatorChangeResult) => void }) {
  const station = useStation();
  const readers = useReaders();
  const [from, setFrom] = useState<'card' | 'file'>('card');
  const [chosenReader, setReader] = useState('');
  const [certificate, setCertificate] = useState('');
  const [fileName, setFileName] = useState('');
  const [name, setName] = useState('');
  const [roles, setRoles] = useState<Role[]>(['clerk']);
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<ClerkError>();
  const [busy, setBusy] = useState(false);
  // The new operator's card, not the one the Administrator signed in with.
  const ownReader = useSession((s) => (s.status === 'ready' ? s.session.operator?.readerName : undefined));
  const readerName = chosenReader || readers.readers.find((r) => r.cardPresent && r.name !== ownReader)?.name || '';

  const readFile = async (file: File | undefined) => {
    if (!file) return;
    const bytes = new Uint8Array(await file.arrayBuffer());
    const text = new TextDecoder().decode(bytes);
    setFileName(file.name);
    // PEM is text; anything else is taken as DER and sent as base64 (main reads both).
    setCertificate(text.includes('-----BEGIN') ? text : btoa(String.fromCharCode(...bytes)));
  };

  const submit = async () => {
    const found: Record<string, string> = {};
    if (!name.trim()) found.name = 'Enter the operator\'s name';
    if (roles.length === 0) found.roles = 'Choose at least one role';
    if (from === 'card' && !readerName) found.reader = 'Choose the reader holding the operator\'s card';
    if (from === 'file' && !certificate) found.file = 'Choose the operator\'s certificate file';
    setProblems(found);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    setFailure(undefined);
    try {
      const source = from === 'card' ? { kind: 'card' as const, readerName } : { kind: 'file' as const, certificate };
      onDone(await station.adminOperators.add({ source, name: name.trim(), roles }));
    } catch (error) {
      setFailure(describeCallFailure(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog open={open} onClose={onClose} fullWidth maxWidth="sm" aria-labelledby="add-operator-title">
      <DialogTitle id="add-operator-title">Add an operator</DialogTitle>
      <DialogContent>
        <Stack spacing={2} sx={{ mt: 1 }}>
          <ToggleButtonGroup exclusive value={from} onChange={(_, v: 'card' | 'file' | null) => v && setFrom(v)} aria-label="Certificate from">
            <ToggleButton value="card">Operator card in a reader</ToggleButton>
            <ToggleButton value="file">Certificate file</ToggleButton>
          </ToggleButtonGroup>
          {from === 'card' ? (
            <TextField select label="Reader" value={readerName} onChange={(e) => setReader(e.target.value)} error={Boolean(problems.reader)} helperText={problems.reader ?? 'Put the new operator\'s card in a reader: its certificate is read from the card.'}>
              {readers.readers.map((r) => (
                <MenuItem key={r.name} value={r.name}>
                  {r.name} {r.cardPresent ? '(card present)' : '(no card)'}
                </MenuItem>
              ))}
            </TextField>
          ) : (
            <Stack direction="row" spacing={2} sx={{ alignItems: 'center' }}>
              <Button variant="outlined" component="label">
                Choose certificate file
                <input hidden type="file" accept=".pem,.crt,.cer,.der" aria-label="Certificate file" onChange={(e) => void readFile(e.target.files?.[0])} />
              </Button>
              <Typography color={problems.file ? 'error' : 'text.secondary'}>{fileName || problems.file || 'PEM or DER'}</Typography>
            </Stack>
          )}
          <TextField label="Name" value={name} onChange={(e) => setName(e.target.value)} error={Boolean(problems.name)} helperText={problems.name ?? 'As it appears to other operators and in the audit trail'} slotProps={{ htmlInput: { maxLength: 120 } }} />
          <RoleCheckboxes value={roles} onChange={setRoles} error={problems.roles} />
          {failure && <ErrorAlert error={failure} />}
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Cancel</Button>
        <Button variant="contained" onClick={() => void submit()} loading={busy}>
          Add operator
        </Button>
      </DialogActions>
    </Dialog>
  );
}
