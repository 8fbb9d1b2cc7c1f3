import ArrowDropDownIcon from '@mui/icons-material/ArrowDropDown';
import InfoOutlinedIcon from '@mui/icons-material/InfoOutlined';
import LogoutIcon from '@mui/icons-material/Logout';
import PersonIcon from '@mui/icons-material/Person';
import SwitchAccountIcon from '@mui/icons-material/SwitchAccount';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
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
import { TOP_BAR } from './top-bar-widths';

/** The signed-in operator on the top bar: name and roles, with Switch operator and Sign out. */
export function OperatorChip({ operator }: { operator: SignedInOperator }) {
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
      showSession(await window.station.session.signOut());
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
        <Box component="span" sx={{ display: 'block' }}>
          <Box component="span" sx={{ display: 'block', fontWeight: 600, fontSize: '1rem' }}>
            {operator.name}
          </Box>
          <Box component="span" sx={{ display: 'block', fontSize: '0.8125rem', fontWeight: 400, opacity: 0.9 }}>
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

/** Setup mode: a discreet note that nobody signs in yet (not a lock screen). */
export function SignInNotConfiguredChip() {
  return (
    <Tooltip describeChild title={SETUP_EXPLAINED}>
      <Chip
        icon={<InfoOutlinedIcon />}
        label={
          <>
            <Box component="span" sx={{ [TOP_BAR.readersShort]: { display: 'none' } }}>
              No sign-in
            </Box>
            <Box component="span" sx={{ display: 'none', [TOP_BAR.readersShort]: { display: 'inline' } }}>
              Sign-in not configured
            </Box>
          </>
        }
        aria-label="Sign-in not configured"
        tabIndex={0}
        size="small"
        variant="outlined"
        sx={{ color: '#dfe7f1', borderColor: 'rgba(223,231,241,0.5)', '& .MuiChip-icon': { color: 'inherit' }, fontWeight: 500 }}
      />
    </Tooltip>
  );
}
