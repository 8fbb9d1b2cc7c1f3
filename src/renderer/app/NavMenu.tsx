import ArrowDropDownIcon from '@mui/icons-material/ArrowDropDown';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import ListItemIcon from '@mui/material/ListItemIcon';
import ListItemText from '@mui/material/ListItemText';
import Menu from '@mui/material/Menu';
import MenuItem from '@mui/material/MenuItem';
import { useState, type ReactNode } from 'react';
import { Link as RouterLink } from 'react-router';

export interface NavItem {
  label: string;
  to: string;
  icon: ReactNode;
  /** A count worth the clerk's attention ("2" to review), said after the label. */
  count?: number;
}

/** A top bar menu: a button that opens a list of screens. */
export function NavMenu({ id, label, items }: { id: string; label: string; items: readonly NavItem[] }) {
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const open = anchor !== null;
  const close = () => setAnchor(null);

  return (
    <>
      <Button
        id={`${id}-button`}
        color="inherit"
        aria-haspopup="menu"
        aria-controls={open ? id : undefined}
        aria-expanded={open ? 'true' : 'false'}
        endIcon={<ArrowDropDownIcon />}
        onClick={(event) => setAnchor(event.currentTarget)}
        sx={{ fontSize: '1.125rem', px: 1.5 }}
      >
        {label}
      </Button>
      <Menu
        id={id}
        anchorEl={anchor}
        open={open}
        onClose={close}
        slotProps={{ list: { 'aria-labelledby': `${id}-button` }, paper: { sx: { minWidth: 240 } } }}
      >
        {items.map((item) => (
          <MenuItem key={item.to} component={RouterLink} to={item.to} onClick={close}>
            <ListItemIcon>{item.icon}</ListItemIcon>
            <ListItemText>{item.label}</ListItemText>
            {item.count !== undefined && item.count > 0 && <CountBadge count={item.count} />}
          </MenuItem>
        ))}
      </Menu>
    </>
  );
}

/** A count in a pill, read as part of its item's name ("Needs review 2"). */
export function CountBadge({ count }: { count: number }) {
  return (
    <Box
      component="span"
      sx={{ ml: 1.5, px: 1.25, minWidth: 32, textAlign: 'center', borderRadius: 4, bgcolor: 'error.main', color: 'common.white', fontWeight: 700, fontSize: '0.9375rem' }}
    >
      {count}
    </Box>
  );
}
