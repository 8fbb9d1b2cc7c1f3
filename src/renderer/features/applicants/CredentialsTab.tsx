import RefreshIcon from '@mui/icons-material/Refresh';
import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import { useEffect, useRef, useState } from 'react';
import { displayName, type Applicant } from '../../../shared/domain/applicant';
import type { Device } from '../../../shared/domain/device';
import type { MobileCredential } from '../../../shared/domain/mobile-credential';
import { ErrorAlert } from '../../components/ErrorAlert';
import { NotForYourRole } from '../../components/NotForYourRole';
import { LoadingState } from '../../components/LoadingState';
import { credentialTypeName, useCredentialTypes } from '../../stores/credential-types-store';
import { useCan } from '../../stores/session-store';
import { DeviceReport } from '../devices/DeviceReport';
import { EnrollDeviceDialog } from '../devices/EnrollDeviceDialog';
import { useDeviceReport } from '../devices/use-device-report';
import { DeviceActionMenu } from '../mobile/DeviceActionMenu';
import { MobileCredentialsSection } from '../mobile/MobileCredentialsSection';
import { STATUS_ACTIONS, type StatusAction } from '../mobile/mobile-words';
import { useMobileCredentials } from '../mobile/use-mobile-credentials';
import { VerificationChecklist } from '../mobile/VerificationChecklist';

/**
 * The procedure's Credentials tab (steps 6–12): + Device opens the device dialog;
 * Refresh Report Data shows the person's devices and their credentials; each device's
 * Action menu picks up a mobile credential; then the mobile credentials and the
 * Verification Checklist.
 */
export function CredentialsTab({ applicant }: { applicant: Applicant }) {
  const report = useDeviceReport(applicant.employeeNumber);
  const mobile = useMobileCredentials(applicant.employeeNumber);
  const { types } = useCredentialTypes();
  const mayEnroll = useCan('device.enroll');
  const [statusChanged, setStatusChanged] = useState<{ credential: MobileCredential; action: StatusAction }>();
  // Each opening of + Device starts afresh (reader, card, PIN).
  const [dialog, setDialog] = useState({ open: false, opening: 0 });
  const [enrolled, setEnrolled] = useState<Device>();
  const enrolledRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (enrolled) enrolledRef.current?.focus();
  }, [enrolled]);

  const openDialog = () => {
    setEnrolled(undefined);
    setDialog((d) => ({ open: true, opening: d.opening + 1 }));
  };
  const closeDialog = () => setDialog((d) => ({ ...d, open: false }));
  const refresh = () => {
    report.refresh();
    mobile.refresh();
  };
  const onEnrolled = (device: Device) => {
    closeDialog();
    setEnrolled(device);
    report.refresh();
  };

  return (
    <Stack spacing={2.5} sx={{ alignItems: 'stretch' }}>
      <Stack direction="row" spacing={2} useFlexGap sx={{ flexWrap: 'wrap' }}>
        <NotForYourRole permission={mayEnroll}>
          <Button variant="contained" onClick={openDialog} aria-haspopup="dialog" disabled={!mayEnroll.allowed} sx={{ px: 3 }}>
            + Device
          </Button>
        </NotForYourRole>
        <Button variant="outlined" startIcon={<RefreshIcon />} onClick={refresh}>
          Refresh Report Data
        </Button>
      </Stack>

      {enrolled && (
        <Alert severity="success" variant="filled" ref={enrolledRef} tabIndex={-1} onClose={() => setEnrolled(undefined)}>
          <AlertTitle>Device enrolled</AlertTitle>
          {enrolledSummary(enrolled, displayName(applicant), (id) => credentialTypeName(types, id))}
        </Alert>
      )}

      {statusChanged && (
        <Alert severity="success" variant="outlined" sx={{ bgcolor: 'background.paper' }} onClose={() => setStatusChanged(undefined)}>
          <AlertTitle>{STATUS_ACTIONS[statusChanged.action].done}</AlertTitle>
          Reason: {statusChanged.credential.statusReason}
        </Alert>
      )}

      {/* Behind the open dialog the report is not drawn: the dialog's Serial Number is the one on screen. */}
      <Box>
        {dialog.open ? null : report.status === 'loading' ? (
          <LoadingState label="Obtaining device information..." />
        ) : report.status === 'failed' ? (
          <ErrorAlert
            error={report.error}
            actions={
              <Button variant="contained" onClick={report.refresh}>
                Try again
              </Button>
            }
          />
        ) : (
          <DeviceReport
            devices={report.devices}
            actionFor={(device) => (
              <DeviceActionMenu
                device={device}
                holderName={displayName(applicant)}
                mobiles={mobile.credentials}
                onCredential={mobile.apply}
                onStatusChanged={(credential, action) => setStatusChanged({ credential, action })}
              />
            )}
          />
        )}
      </Box>

      <MobileCredentialsSection state={mobile} devices={report.status === 'ready' ? report.devices : []} onRetry={mobile.refresh} />

      <VerificationChecklist
        applicant={applicant}
        types={types}
        devices={report.status === 'ready' ? report.devices : undefined}
        mobiles={mobile.status === 'loading' && mobile.credentials.length === 0 ? undefined : mobile.credentials}
      />

      <EnrollDeviceDialog key={dialog.opening} open={dialog.open} applicant={applicant} onClose={closeDialog} onEnrolled={onEnrolled} />
    </Stack>
  );
}

/** What the success message says: whose card it is now and where its credential stands. */
function enrolledSummary(device: Device, name: string, typeName: (id: string) => string): string {
  const credential = device.credentials[0];
  const pending = credential?.status === 'PENDING';
  const what = credential ? ` with the credential ${typeName(credential.credentialTypeId)}` : '';
  return pending
    ? `The card is enrolled to ${name}${what}, which waits for a supervisor's approval. The device list below shows it.`
    : `The card is enrolled to ${name}${what}. The device list below shows it.`;
}
