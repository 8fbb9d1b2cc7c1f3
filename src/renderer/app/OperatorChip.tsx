import ArrowDropDownIcon from '@mui/icons-material/ArrowDropDown';
import InfoOutlinedIcon from '@mui/icons-material/InfoOutlined';
import LogoutIcon from '@mui/icons-material/Logout';
import PersonIcon from '@mui/icons-material/Person';
import SwitchAccountIcon from '@mui/icons-material/SwitchAccount';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Divider from '@mui/material/Divider';
import ListItemIcon from '@mui/material/ListItemIcon';
import ListItemText from '@mui/material/ListItemText';
import Menu from '@mui/material/Menu';
import MenuItem from '@mui/material/MenuItem';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import { useId, useState } from 'react';
import type { SignedInOperator } from '../../shared/contract';
import { rolesWords } from '../features/session/session-words';
import { formatLocal } from '../lib/format-time';
import { showSession } from '../stores/session-store';
import { useStation } from './station-context';

/** The signed-in operator on the top bar: name and roles, with Switch operator and Sign out. */
export function OperatorChip({ operator }: { operator: SignedInOperator }) {
  const station = useStation();
  const menuId = useId();
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const [signingOut, setSigningOut] = useState(false);
  const open = anchor !== null;
  const roles = rolesWords(operator.roles);

  // Switching operator is signing out: the lock screen is where the next operator signs in.
  const signOut = async () => {
    setAnchor(null);
    setSigningOut(true);
    try {
      showSession(await station.session.signOut());
    } catch {
      // The station locks by itself when its session ends; the chip stays as it was.
    } finally {
      setSigningOut(false);
    }
  };

  return (
    <>
      <Button
        color="inherit"
        aria-haspopup="menu"
        aria-expanded={open ? 'true' : 'false'}
        aria-controls={open ? menuId : undefined}
        aria-label={`Operator: ${operator.name} (${roles})`}
        disabled={signingOut}
        onClick={(e) => setAnchor(e.currentTarget)}
        startIcon={<PersonIcon />}
        endIcon={<ArrowDropDownIcon />}
        sx={{ textAlign: 'left', lineHeight: 1.2, px: 1.25, whiteSpace: 'nowrap', '&.Mui-disabled': { color: 'inherit', opacity: 0.7 } }}
      >
        {/* Long names and many roles are cut short here; the menu and the accessible name say them in full. */}
        <Box component="span" sx={{ display: 'block', maxWidth: '10.5em', minWidth: 0 }}>
          <Box component="span" sx={{ display: 'block', fontWeight: 600, fontSize: '1rem', overflow: 'hidden', textOverflow: 'ellipsis' }}>
            {operator.name}
          </Box>
          <Box component="span" sx={{ display: 'block', fontSize: '0.8125rem', fontWeight: 400, opacity: 0.9, overflow: 'hidden', textOverflow: 'ellipsis' }}>
            {roles}
          </Box>
        </Box>
      </Button>
      <Menu id={menuId} anchorEl={anchor} open={open} onClose={() => setAnchor(null)} slotProps={{ paper: { sx: { minWidth: 280 } } }}>
        <Box sx={{ px: 2, py: 1.25 }} role="presentation">
          <Typography sx={{ fontWeight: 700 }}>{operator.name}</Typography>
          <Typography variant="body2" color="text.secondary">
            {roles} · signed in at {formatLocal(operator.signedInAt)}
          </Typography>
          <Typography variant="body2" color="text.secondary">
            Certificate {operator.certificateSubject}, valid until {formatLocal(operator.certificateNotAfter)}
          </Typography>
        </Box>
        <Divider />
        <MenuItem onClick={() => void signOut()}>
          <ListItemIcon>
            <SwitchAccountIcon />
          </ListItemIcon>
          <ListItemText>Switch operator</ListItemText>
        </MenuItem>
        <MenuItem onClick={() => void signOut()}>
          <ListItemIcon>
            <LogoutIcon />
          </ListItemIcon>
          <ListItemText>Sign out</ListItemText>
        </MenuItem>
      </Menu>
    </>
  );
}

export const SETUP_EXPLAINED =
  "Everyone works as this computer's local account for now. Sign-in turns on when the station is registered with a central server whose administrator trusted your organisation's certificate authority (CA); then each operator signs in with their operator card.";

/**
 * Setup mode: who actions are recorded as (the local account), with a discreet note that
 * nobody signs in yet (not a lock screen). Takes no more room than the operator's name.
 */
export function SignInNotConfigured({ localAccount }: { localAccount: string }) {
  return (
    <Tooltip describeChild title={SETUP_EXPLAINED}>
      <Box tabIndex={0} sx={{ display: 'flex', alignItems: 'center', gap: 1, borderRadius: 1, cursor: 'help', '&:focus-visible': { outline: (t) => `3px solid ${t.palette.brand.focusOnBar}`, outlineOffset: 2 } }}>
        <PersonIcon aria-hidden />
        <Box sx={{ lineHeight: 1.2 }}>
          <Typography component="div" sx={{ fontSize: '0.8125rem', opacity: 0.85, letterSpacing: 0.5, display: 'flex', alignItems: 'center', gap: 0.5, whiteSpace: 'nowrap' }}>
            Sign-in not configured
            <InfoOutlinedIcon sx={{ fontSize: '0.95rem' }} aria-hidden />
          </Typography>
          <Typography component="div" sx={{ fontWeight: 600, fontSize: '1rem', whiteSpace: 'nowrap' }}>
            {localAccount}
          </Typography>
        </Box>
      </Box>
    </Tooltip>
  );
}
