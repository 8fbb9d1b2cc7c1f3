import PhoneIphoneIcon from '@mui/icons-material/PhoneIphone';
import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Box from '@mui/material/Box';
import Breadcrumbs from '@mui/material/Breadcrumbs';
import Button from '@mui/material/Button';
import CircularProgress from '@mui/material/CircularProgress';
import Divider from '@mui/material/Divider';
import MenuItem from '@mui/material/MenuItem';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { type ReactNode, type Ref } from 'react';
import { Link as RouterLink } from 'react-router';
import type { CredentialType } from '../../../shared/domain/credential-types';
import { useDocumentTitle } from '../../app/use-document-title';
import { ErrorAlert } from '../../components/ErrorAlert';
import { CLERK_MESSAGES } from '../../errors/clerk-messages';
import { fieldList, type DuplicateFound } from './applicant-form';
import { applicantPath, SEARCH_PATH } from './paths';
import { SELECT_DISPLAY_ID, useAddApplicant, type Outcome } from './use-add-applicant';
import { useCan } from '../../stores/session-store';

/** Identity › Add Applicant: the procedure's "Add a New Applicant" form (steps 2–5). */
export function AddApplicantPage() {
  const can = useCan('applicant.create');
  return can.allowed ? <AddApplicantForm /> : <NotYourTask reason={can.reason} />;
}

/** Reached by its address by an operator whose roles do not include adding applicants. */
function NotYourTask({ reason }: { reason: string | undefined }) {
  useDocumentTitle('Add a New Applicant');
  return (
    <Box>
      <Typography variant="h1" sx={{ mt: 1, mb: 2 }}>
        Add a New Applicant
      </Typography>
      <Alert severity="info" variant="outlined" sx={{ bgcolor: 'background.paper' }}>
        {reason} To find someone already enrolled, use Identity › Search.
      </Alert>
    </Box>
  );
}

function AddApplicantForm() {
  useDocumentTitle('Add a New Applicant');
  const { credentialTypes, types, selectedType, requiredFields, errors, attempted, saving, outcome, outcomeRef, submit, fieldProps, reloadCredentialTypes } =
    useAddApplicant();

  return (
    <Box>
      <Breadcrumbs aria-label="You are here" sx={{ mb: 1 }}>
        <Typography color="text.secondary">Identity</Typography>
        <Typography color="text.primary">Add Applicant</Typography>
      </Breadcrumbs>
      <Typography variant="h1" sx={{ mb: 1 }}>
        Add a New Applicant
      </Typography>
      <Typography color="text.secondary" sx={{ mb: 2 }}>
        Names are case-sensitive and are stored exactly as entered.
      </Typography>

      <Paper variant="outlined" sx={{ px: { xs: 2, md: 4 }, py: { xs: 2, md: 3 } }}>
        <Box component="form" noValidate autoComplete="off" onSubmit={(e) => void submit(e)} aria-label="Add a New Applicant">
          <Box sx={grid}>
            <TextField {...fieldProps('firstName', ' ')} required autoFocus slotProps={{ htmlInput: { spellCheck: false } }} />
            <TextField {...fieldProps('middleName', 'Optional: leave blank if none')} slotProps={{ htmlInput: { spellCheck: false } }} />
            <TextField {...fieldProps('lastName', ' ')} required slotProps={{ htmlInput: { spellCheck: false } }} />
          </Box>

          <Box sx={{ ...grid, mt: 1 }}>
            <CredentialTypeField
              {...fieldProps('credentialTypeId', credentialTypeHint(selectedType, credentialTypes.status))}
              types={types}
            />
          </Box>
          {credentialTypes.status === 'failed' && credentialTypes.error && (
            <Box sx={{ mt: 2 }}>
              <ErrorAlert
                error={credentialTypes.error}
                actions={
                  <Button variant="contained" onClick={reloadCredentialTypes}>
                    Load credential types again
                  </Button>
                }
              />
            </Box>
          )}

          <Divider sx={{ my: 2.5 }} />
          <Typography variant="h2" sx={{ mb: 0.5 }}>
            Optional
          </Typography>
          <Typography color="text.secondary" sx={{ mb: 2.5 }}>
            Complete if linking to an existing identity system
            {requiredFields.size > 0 && selectedType
              ? `. ${selectedType.name} requires ${fieldList([...requiredFields])}.`
              : '.'}
          </Typography>
          <Box sx={{ ...grid, gridTemplateColumns: { xs: '1fr', md: 'minmax(0, 1.3fr) minmax(0, 1fr) minmax(0, 1fr)' } }}>
            <TextField
              {...fieldProps('externalLinkingKey', 'If applicable')}
              required={requiredFields.has('externalLinkingKey')}
              slotProps={{ htmlInput: { spellCheck: false } }}
            />
            <TextField
              {...fieldProps('email', requiredFields.has('email') ? `Required for ${selectedType?.name ?? 'this type'}` : 'For example name@example.org')}
              required={requiredFields.has('email')}
              slotProps={{ htmlInput: { inputMode: 'email', spellCheck: false } }}
            />
            <TextField
              {...fieldProps('userPrincipalName', 'If required by your organization')}
              required={requiredFields.has('userPrincipalName')}
              slotProps={{ htmlInput: { spellCheck: false } }}
            />
          </Box>

          {outcome && (
            <Box sx={{ mt: 3 }}>
              {outcome.kind === 'duplicate' ? (
                <DuplicateAlert duplicate={outcome.duplicate} searchText={duplicateSearchText(outcome)} ref={outcomeRef} />
              ) : (
                <ErrorAlert error={outcome.error} ref={outcomeRef} />
              )}
            </Box>
          )}

          <Divider sx={{ my: 2.5 }} />
          <Stack direction="row" spacing={3} sx={{ alignItems: 'center' }}>
            <Button
              type="submit"
              variant="contained"
              size="large"
              disabled={saving}
              startIcon={saving ? <CircularProgress size={22} color="inherit" aria-hidden /> : undefined}
              // Still clearly readable while it waits: disabled, but not greyed out.
              sx={{ minWidth: 180, '&.Mui-disabled': { bgcolor: 'primary.dark', color: 'primary.contrastText' } }}
            >
              {saving ? 'Saving…' : 'Submit'}
            </Button>
            <Typography role="status" color="text.secondary">
              {saving ? 'Saving the applicant on this station…' : attempted && Object.keys(errors).length > 0 ? 'Correct the fields marked in red, then click Submit.' : ''}
            </Typography>
          </Stack>
        </Box>
      </Paper>
    </Box>
  );
}

const grid = {
  display: 'grid',
  gridTemplateColumns: { xs: '1fr', md: 'repeat(3, minmax(0, 1fr))' },
  columnGap: 3,
  rowGap: 2,
} as const;

function credentialTypeHint(type: CredentialType | undefined, status: string): string {
  if (status === 'idle' || status === 'loading') return 'Loading credential types…';
  if (status === 'failed') return 'The credential types could not be loaded; see below.';
  if (!type) return 'The credential type determines whether the person can have a mobile PACS credential.';
  const parts = [type.policy.mobileCapable ? 'Can carry a mobile PACS credential.' : 'Cannot carry a mobile credential (card only).'];
  if (type.policy.supervisorApprovalRequired) parts.push('Credentials wait for supervisor approval.');
  return parts.join(' ');
}

interface CredentialTypeFieldProps {
  id: string;
  name: string;
  label: string;
  value: string;
  onChange: (e: { target: { value: string } }) => void;
  onBlur: () => void;
  error: boolean;
  helperText: ReactNode;
  types: readonly CredentialType[];
}

/** CREDENTIAL TYPE: a select labelled for assistive tech and tests ("CREDENTIAL TYPE"). */
function CredentialTypeField({ types, ...props }: CredentialTypeFieldProps) {
  return (
    <TextField
      {...props}
      select
      required
      disabled={types.length === 0}
      fullWidth
      sx={{ gridColumn: { md: 'span 2' } }}
      slotProps={{
        select: {
          renderValue: (value) => types.find((t) => t.id === value)?.name ?? '',
          SelectDisplayProps: { id: SELECT_DISPLAY_ID },
          MenuProps: { slotProps: { paper: { sx: { maxHeight: 420 } } } },
        },
      }}
    >
      {types.map((type) => (
        <MenuItem key={type.id} value={type.id} sx={{ gap: 2 }}>
          <Box component="span" sx={{ flexGrow: 1 }}>
            {type.name}
          </Box>
          {type.policy.mobileCapable && (
            <Box component="span" sx={{ display: 'inline-flex', alignItems: 'center', gap: 0.5, color: 'text.secondary', fontSize: '0.9375rem' }}>
              <PhoneIphoneIcon fontSize="small" aria-hidden />
              mobile
            </Box>
          )}
        </MenuItem>
      ))}
    </TextField>
  );
}

/** What "Search for existing user" looks for: the matched email when it was the email, else the last name. */
function duplicateSearchText(outcome: Extract<Outcome, { kind: 'duplicate' }>): string {
  if (outcome.duplicate?.matchedOn.includes('email')) return outcome.values.email.trim();
  return outcome.values.lastName.trim();
}

interface DuplicateAlertProps {
  duplicate: DuplicateFound | undefined;
  searchText: string;
  ref: Ref<HTMLDivElement>;
}

/** The procedure's "User already exists", with the way to the existing record. */
function DuplicateAlert({ duplicate, searchText, ref }: DuplicateAlertProps) {
  const message = CLERK_MESSAGES.USER_ALREADY_EXISTS;
  return (
    <Alert severity="error" variant="outlined" ref={ref} tabIndex={-1} sx={{ bgcolor: 'background.paper' }}>
      <AlertTitle>{message.title}</AlertTitle>
      <Typography>{message.fix}</Typography>
      <Typography sx={{ mt: 1 }}>
        {duplicate && duplicate.matchedOn.length > 0 ? `Matched on ${fieldList(duplicate.matchedOn)}. ` : ''}
        Nothing was saved; what you entered is still in the form.
      </Typography>
      <Stack direction="row" spacing={2} useFlexGap sx={{ mt: 2, flexWrap: 'wrap' }}>
        {duplicate && (
          <Button variant="contained" color="error" component={RouterLink} to={applicantPath(duplicate.employeeNumber)}>
            Open existing record (Employee Number {duplicate.employeeNumber})
          </Button>
        )}
        <Button
          variant="outlined"
          color="error"
          component={RouterLink}
          to={searchText === '' ? SEARCH_PATH : `${SEARCH_PATH}?${new URLSearchParams({ q: searchText }).toString()}`}
        >
          Search for existing user
        </Button>
      </Stack>
    </Alert>
  );
}
