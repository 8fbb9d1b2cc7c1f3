import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import FormControl from '@mui/material/FormControl';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormGroup from '@mui/material/FormGroup';
import FormHelperText from '@mui/material/FormHelperText';
import FormLabel from '@mui/material/FormLabel';
import Stack from '@mui/material/Stack';
import Switch from '@mui/material/Switch';
import TextField from '@mui/material/TextField';
import { useState } from 'react';
import type { CredentialTypeImpact } from '../../../../shared/contract/admin-credential-types';
import type { CredentialType } from '../../../../shared/domain/credential-types';
import { useStation } from '../../../app/station-context';
import { ErrorAlert } from '../../../components/ErrorAlert';
import type { ClerkError } from '../../../errors/clerk-messages';
import { describeCallFailure } from '../../../stores/station-info-store';
import { CARD_FAMILIES, createRequest, draftOf, FIELD_NAMES, NEW_DRAFT, OPTIONAL_FIELDS, updateRequest, type DraftErrors, type PolicyDraft } from './policy-draft';

interface Props {
  /** The type to edit; undefined creates one. */
  editing: CredentialType | undefined;
  onClose: () => void;
  /** Saved: what to say on the list. */
  onSaved: (words: string) => void;
}

/**
 * Create or edit a credential type. An edit is reviewed first: the server states what it
 * means for the applicants and credentials already there (from its real counts), then Save.
 */
export function CredentialTypeDialog({ editing, onClose, onSaved }: Props) {
  const station = useStation();
  const [draft, setDraft] = useState<PolicyDraft>(() => (editing ? draftOf(editing) : NEW_DRAFT));
  const [errors, setErrors] = useState<DraftErrors>({});
  const [impact, setImpact] = useState<CredentialTypeImpact>();
  const [failure, setFailure] = useState<ClerkError>();
  const [busy, setBusy] = useState(false);
  const set = (patch: Partial<PolicyDraft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    setImpact(undefined);
  };
  const toggle = <T,>(list: T[], value: T, on: boolean): T[] => (on ? [...list.filter((v) => v !== value), value] : list.filter((v) => v !== value));

  const call = async (fn: () => Promise<void>) => {
    setBusy(true);
    setFailure(undefined);
    try {
      await fn();
    } catch (error) {
      setFailure(describeCallFailure(error));
    } finally {
      setBusy(false);
    }
  };
  const submit = () => {
    if (!editing) {
      const request = createRequest(draft);
      setErrors(request.ok ? {} : request.errors);
      if (!request.ok) return;
      void call(async () => {
        const { credentialType } = await station.adminCredentialTypes.create(request.value);
        onSaved(`${credentialType.name} is created. Every station offers it in Add Applicant after its next sync.`);
      });
      return;
    }
    const request = updateRequest(draft);
    setErrors(request.ok ? {} : request.errors);
    if (!request.ok) return;
    void call(async () => {
      if (!impact) {
        setImpact(await station.adminCredentialTypes.preview({ id: editing.id, change: request.value }));
        return;
      }
      const saved = await station.adminCredentialTypes.update({ id: editing.id, change: request.value });
      onSaved(saved.changed ? `${saved.credentialType.name} is saved. Every station follows after its next sync.` : 'Nothing changed.');
    });
  };

  return (
    <Dialog open onClose={onClose} maxWidth="sm" fullWidth aria-labelledby="type-dialog-title">
      <DialogTitle id="type-dialog-title">{editing ? `Edit ${editing.name}` : 'New credential type'}</DialogTitle>
      <DialogContent>
        <Stack spacing={2} sx={{ mt: 1 }}>
          {failure && <ErrorAlert error={failure} />}
          {!editing && (
            <TextField label="Id" value={draft.id} onChange={(e) => set({ id: e.target.value })} error={!!errors.id} helperText={errors.id ?? 'Lower-case letters, digits and hyphens; cannot be changed later'} required />
          )}
          <TextField label="Name" value={draft.name} onChange={(e) => set({ name: e.target.value })} error={!!errors.name} helperText={errors.name ?? 'As clerks see it in Add Applicant'} required />
          <FormControl component="fieldset">
            <FormLabel component="legend">Required applicant fields</FormLabel>
            <FormGroup row>
              {OPTIONAL_FIELDS.map((f) => (
                <FormControlLabel key={f} label={FIELD_NAMES[f]} control={<Checkbox checked={draft.requiredFields.includes(f)} onChange={(e) => set({ requiredFields: toggle(draft.requiredFields, f, e.target.checked) })} />} />
              ))}
            </FormGroup>
          </FormControl>
          <FormControl component="fieldset" error={!!errors.acceptedCardTypes}>
            <FormLabel component="legend">Accepted card families</FormLabel>
            <FormGroup row>
              {CARD_FAMILIES.map((c) => (
                <FormControlLabel key={c.value} label={c.label} control={<Checkbox checked={draft.acceptedCardTypes.includes(c.value)} onChange={(e) => set({ acceptedCardTypes: toggle(draft.acceptedCardTypes, c.value, e.target.checked) })} />} />
              ))}
            </FormGroup>
            {errors.acceptedCardTypes && <FormHelperText>{errors.acceptedCardTypes}</FormHelperText>}
          </FormControl>
          <FormGroup>
            <FormControlLabel label="PIN required for device enrollment" control={<Switch checked={draft.pinRequiredForDeviceEnrollment} onChange={(e) => set({ pinRequiredForDeviceEnrollment: e.target.checked })} />} />
            <FormControlLabel label="Supervisor approval for new credentials" control={<Switch checked={draft.supervisorApprovalRequired} onChange={(e) => set({ supervisorApprovalRequired: e.target.checked })} />} />
            <FormControlLabel label="Mobile capable" control={<Switch checked={draft.mobileCapable} onChange={(e) => set({ mobileCapable: e.target.checked })} />} />
          </FormGroup>
          <Stack direction="row" spacing={2}>
            <TextField label="Invitation valid (minutes)" value={draft.invitationValidMinutes} onChange={(e) => set({ invitationValidMinutes: e.target.value })} error={!!errors.invitationValidMinutes} helperText={errors.invitationValidMinutes ?? '30 for an on-screen pickup; at most 10080 (7 days)'} sx={{ flex: 1 }} slotProps={{ htmlInput: { inputMode: 'numeric' } }} />
            <TextField label="Mobile provider part number" value={draft.mobilePartNumber} onChange={(e) => set({ mobilePartNumber: e.target.value })} error={!!errors.mobilePartNumber} helperText={errors.mobilePartNumber ?? 'Empty: the server configuration\'s'} sx={{ flex: 1 }} />
          </Stack>
          {editing && (
            <FormControlLabel label="Retired (not offered for new applicants; existing records keep it)" control={<Switch checked={draft.retired} onChange={(e) => set({ retired: e.target.checked })} />} />
          )}
          {impact && (
            <Alert
              severity={impact.changed ? 'warning' : 'info'}
              variant="outlined"
              aria-label="What this change means"
              // Shown below the form: bring it into view, it is what to read before Save.
              ref={(el: HTMLDivElement | null) => el?.scrollIntoView?.({ block: 'nearest' })}
            >
              <AlertTitle>What this change means for what is already issued</AlertTitle>
              <ul style={{ margin: 0, paddingLeft: '1.2em' }}>
                {impact.statements.map((s) => (
                  <li key={s}>{s}</li>
                ))}
              </ul>
            </Alert>
          )}
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Cancel</Button>
        <Button variant="contained" onClick={submit} loading={busy}>
          {!editing ? 'Create' : impact ? 'Save' : 'Review change'}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
