import ArrowDropDownIcon from '@mui/icons-material/ArrowDropDown';
import Button from '@mui/material/Button';
import ListItemText from '@mui/material/ListItemText';
import Menu from '@mui/material/Menu';
import MenuItem from '@mui/material/MenuItem';
import { useEffect, useId, useRef, useState } from 'react';
import type { Invitation } from '../../../shared/contract/mobile';
import type { Device } from '../../../shared/domain/device';
import type { MobileCredential } from '../../../shared/domain/mobile-credential';
import { useStation } from '../../app/station-context';
import { useCredentialTypes } from '../../stores/credential-types-store';
import { useCan, type Permission } from '../../stores/session-store';
import {
  mobileCandidate,
  mobileFor,
  PICKUP_LABEL,
  pickupAvailability,
  STATUS_ACTIONS,
  statusActionAvailability,
  type Availability,
  type StatusAction,
} from './mobile-words';
import { PickupDialog } from './PickupDialog';
import { StatusChangeDialog } from './StatusChangeDialog';
import type { Clock } from './use-countdown';

interface DeviceActionMenuProps {
  device: Device;
  holderName: string;
  /** The person's mobile credentials (use-mobile-credentials). */
  mobiles: readonly MobileCredential[];
  /** A credential the server just answered with. */
  onCredential: (credential: MobileCredential) => void;
  /** After Suspend / Resume / Revoke went through. */
  onStatusChanged?: (credential: MobileCredential, action: StatusAction) => void;
  now?: Clock;
}

/** What was chosen, with the credential it was chosen for (kept while the page's data reloads underneath). */
type Opened = { kind: 'pickup' | StatusAction; opening: number; credentialId?: string; firstAsk?: Promise<Invitation> };

/**
 * Step 9's Action menu on an enrolled device: Pick up your HID Mobile Credential, and
 * Suspend / Resume / Revoke. An item that cannot be chosen now says why beneath it.
 */
export function DeviceActionMenu({ device, holderName, mobiles, onCredential, onStatusChanged, now }: DeviceActionMenuProps) {
  const station = useStation();
  const { types } = useCredentialTypes();
  const candidate = mobileCandidate(device, types);
  const type = types.find((t) => t.id === candidate?.credentialTypeId);
  const mobile = mobileFor(candidate?.id, mobiles);
  const menuId = useId();
  const buttonRef = useRef<HTMLButtonElement>(null);
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const menuOpen = anchor !== null;
  const [opened, setOpened] = useState<Opened>();
  const [open, setOpen] = useState(false);
  const [closings, setClosings] = useState(0);

  // Focus lands back on Action once a dialog closes, where the next step starts.
  useEffect(() => {
    if (closings > 0) buttonRef.current?.focus();
  }, [closings]);

  const choose = (kind: Opened['kind']) => {
    setAnchor(null);
    // The click asks for the code (not the screen as it mounts, which the dialog may do twice): one opening, one code.
    const firstAsk = kind === 'pickup' && candidate ? station.mobile.invite({ employeeNumber: device.employeeNumber, credentialId: candidate.id }) : undefined;
    firstAsk?.catch(() => undefined); // shown by the screen
    setOpened((o) => ({ kind, opening: (o?.opening ?? 0) + 1, ...(candidate ? { credentialId: candidate.id } : {}), ...(firstAsk ? { firstAsk } : {}) }));
    setOpen(true);
  };
  const close = () => {
    setOpen(false);
    setClosings((n) => n + 1);
  };

  const mayIssue = useCan('invitation.issue');
  const mayChange = useCan('credential.lifecycle');
  const pickup = withRole(pickupAvailability(candidate, type, mobile), mayIssue);
  return (
    <>
      <Button
        ref={buttonRef}
        variant="outlined"
        endIcon={<ArrowDropDownIcon />}
        aria-haspopup="menu"
        aria-expanded={menuOpen}
        aria-controls={menuOpen ? menuId : undefined}
        aria-description={`Device ${device.serialNumber}`}
        onClick={(e) => setAnchor(e.currentTarget)}
        sx={{ whiteSpace: 'nowrap' }}
      >
        Action
      </Button>
      <Menu id={menuId} anchorEl={anchor} open={menuOpen} onClose={() => setAnchor(null)}>
        <ActionItem label={PICKUP_LABEL} availability={pickup} onChoose={() => choose('pickup')} />
        {(Object.keys(STATUS_ACTIONS) as StatusAction[]).map((action) => (
          <ActionItem
            key={action}
            label={STATUS_ACTIONS[action].label}
            availability={withRole(statusActionAvailability(action, mobile), mayChange)}
            onChoose={() => choose(action)}
          />
        ))}
      </Menu>

      {/* Not tied to `candidate`: a reload of the credential types must not close the screen and ask for a second code. */}
      {opened?.kind === 'pickup' && opened.credentialId && (
        <PickupDialog
          key={opened.opening}
          open={open}
          employeeNumber={device.employeeNumber}
          credentialId={opened.credentialId}
          onClose={close}
          onCredential={onCredential}
          {...(opened.firstAsk ? { firstAsk: opened.firstAsk } : {})}
          now={now}
        />
      )}
      {opened && opened.kind !== 'pickup' && mobile && (
        <StatusChangeDialog
          key={opened.opening}
          open={open}
          action={opened.kind}
          credential={mobile}
          holderName={holderName}
          onClose={close}
          onChanged={(changed) => {
            onCredential(changed);
            onStatusChanged?.(changed, opened.kind as StatusAction);
            close();
          }}
        />
      )}
    </>
  );
}

/** A menu item named by its label alone (what tests and screen readers select by), with why it is off as its description. */
function ActionItem({ label, availability, onChoose }: { label: string; availability: Availability; onChoose: () => void }) {
  const labelId = useId();
  const reasonId = useId();
  return (
    <MenuItem
      disabled={!availability.enabled}
      onClick={onChoose}
      aria-labelledby={labelId}
      aria-describedby={availability.reason ? reasonId : undefined}
      // Readable when off: a greyed label with the reason in full contrast beneath it.
      sx={{ '&.Mui-disabled': { opacity: 1 }, '&.Mui-disabled .MuiListItemText-primary': { color: 'brand.mutedText' } }}
    >
      <ListItemText
        primary={label}
        secondary={availability.reason}
        slotProps={{
          primary: { id: labelId, sx: { fontSize: '1.0625rem', fontWeight: 500 } },
          secondary: { id: reasonId, sx: { fontSize: '0.9375rem', color: 'text.secondary' } },
        }}
      />
    </MenuItem>
  );
}

/** An item the operator's roles do not allow is off, saying who may; otherwise the credential's own availability stands. */
function withRole(availability: Availability, permission: Permission): Availability {
  return permission.allowed ? availability : { enabled: false, reason: permission.reason };
}
