import PhoneIphoneIcon from '@mui/icons-material/PhoneIphone';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import { useState, type ReactNode } from 'react';
import type { Device } from '../../../shared/domain/device';
import type { CredentialStatus, MobileCredential } from '../../../shared/domain/mobile-credential';
import { FactList, type Fact } from '../../components/FactList';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadingState } from '../../components/LoadingState';
import { formatLocal, formatUtc } from '../../lib/format-time';
import { credentialTypeName, useCredentialTypes } from '../../stores/credential-types-store';
import { phoneFacts, STATUS_LOOKS } from './mobile-words';
import type { MobileCredentialsState } from './use-mobile-credentials';

/** The Credentials tab's mobile credentials: status, the phone, and where each invitation stands. */
export function MobileCredentialsSection({ state, devices, onRetry }: { state: MobileCredentialsState; devices: readonly Device[]; onRetry: () => void }) {
  const { types } = useCredentialTypes();
  // When "open" invitations are judged expired; the list is redrawn on every change anyway.
  const [now] = useState(() => Date.now());
  const newestFirst = [...state.credentials].sort((a, b) => b.statusChangedAt.localeCompare(a.statusChangedAt));

  let body: ReactNode;
  if (state.status === 'failed') {
    body = (
      <ErrorAlert
        error={state.error}
        actions={
          <Button variant="contained" onClick={onRetry}>
            Try again
          </Button>
        }
      />
    );
  } else if (state.status === 'loading' && newestFirst.length === 0) {
    body = <LoadingState label="Obtaining mobile credentials..." />;
  } else if (newestFirst.length === 0) {
    body = (
      <Typography sx={{ maxWidth: '70ch' }}>
        No mobile credential yet. To issue one, click Action on the enrolled device and choose Pick up your HID Mobile Credential.
      </Typography>
    );
  } else {
    body = (
      <Stack spacing={2}>
        {newestFirst.map((credential) => (
          <MobileCredentialCard
            key={credential.credentialId}
            credential={credential}
            typeName={credentialTypeName(types, credential.credentialTypeId)}
            serialNumber={devices.find((d) => d.id === credential.deviceId)?.serialNumber}
            now={now}
          />
        ))}
      </Stack>
    );
  }

  return (
    <Box component="section" aria-labelledby="mobile-credentials-heading">
      <Typography id="mobile-credentials-heading" variant="h2" sx={{ mb: 1.5 }}>
        Mobile credentials
      </Typography>
      {body}
    </Box>
  );
}

function MobileCredentialCard({ credential, typeName, serialNumber, now }: { credential: MobileCredential; typeName: string; serialNumber?: string; now: number }) {
  const chip = <MobileStatusChip status={credential.status} />;
  const facts: Fact[] = credential.phone
    ? phoneFacts(credential.phone, credential.status).map(([label, value]) => [label, label === 'Status' ? chip : value] as const)
    : [['Status', chip]];
  if (credential.statusReason && (credential.status === 'SUSPENDED' || credential.status === 'REVOKED')) {
    facts.push(['Reason', `${credential.statusReason}${credential.statusChangedBy ? ` (by ${credential.statusChangedBy})` : ''}`]);
  }
  if (credential.activatedAt) facts.push(['Activated', <When key="activated" iso={credential.activatedAt} />]);
  if (credential.invitation) facts.push(['Invitation', invitationWords(credential.invitation, now)]);
  if (credential.lastAccessGrantedAt) facts.push(['Last access granted', <When key="access" iso={credential.lastAccessGrantedAt} />]);

  return (
    <Paper variant="outlined" component="article" aria-label={`Mobile credential ${credential.status}`} sx={{ p: { xs: 2, md: 2.5 } }}>
      <Stack direction="row" spacing={1.5} sx={{ alignItems: 'center', mb: 1, flexWrap: 'wrap' }} useFlexGap>
        <PhoneIphoneIcon sx={{ color: 'text.secondary' }} aria-hidden />
        <Typography variant="h3" component="h3">
          {typeName}
        </Typography>
        {chip}
        {serialNumber && <Typography sx={{ color: 'text.secondary' }}>for the card {serialNumber}</Typography>}
      </Stack>
      <FactList facts={facts} labelWidth="14em" />
    </Paper>
  );
}

/** ACTIVE green, SUSPENDED amber, REVOKED red, ISSUED (invited) neutral: always with the word. */
export function MobileStatusChip({ status }: { status: CredentialStatus }) {
  return <Chip label={status} sx={{ ...STATUS_LOOKS[status], fontSize: '0.9375rem', letterSpacing: 0.5 }} />;
}

function When({ iso }: { iso: string }) {
  return (
    <Tooltip title={formatUtc(iso)} placement="top-start">
      <time dateTime={iso}>{formatLocal(iso)}</time>
    </Tooltip>
  );
}

/** "Open until 12 Mar 2025, 14:50", "Expired 12 Mar 2025, 14:50", "Redeemed by the mobile app". */
function invitationWords(invitation: NonNullable<MobileCredential['invitation']>, now: number): string {
  const until = formatLocal(invitation.expiresAt);
  switch (invitation.state) {
    case 'open':
      return Date.parse(invitation.expiresAt) > now ? `Open until ${until}` : `Invitation code expired ${until}`;
    case 'redeemed':
      return 'Redeemed by the mobile app';
    case 'expired':
      return `Invitation code expired ${until}`;
    case 'replaced':
      return 'Replaced by a newer invitation code';
    case 'revoked':
      return 'Withdrawn (the credential was suspended or revoked)';
  }
}
