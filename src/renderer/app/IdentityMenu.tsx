import ArrowDropDownIcon from '@mui/icons-material/ArrowDropDown';
import PersonAddAlt1Icon from '@mui/icons-material/PersonAddAlt1';
import SearchIcon from '@mui/icons-material/Search';
import Button from '@mui/material/Button';
import ListItemIcon from '@mui/material/ListItemIcon';
import ListItemText from '@mui/material/ListItemText';
import Menu from '@mui/material/Menu';
import MenuItem from '@mui/material/MenuItem';
import { useState } from 'react';
import { Link as RouterLink } from 'react-router';
import { ADD_APPLICANT_PATH, SEARCH_PATH } from '../features/applicants/paths';

/** The procedure's "Identity section in the main navigation menu", holding Add Applicant and Search. */
export function IdentityMenu() {
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const open = anchor !== null;
  const close = () => setAnchor(null);

  return (
    <>
      <Button
        id="identity-menu-button"
        color="inherit"
        aria-haspopup="menu"
        aria-controls={open ? 'identity-menu' : undefined}
        aria-expanded={open ? 'true' : 'false'}
        endIcon={<ArrowDropDownIcon />}
        onClick={(event) => setAnchor(event.currentTarget)}
        sx={{ fontSize: '1.125rem', px: 2 }}
      >
        Identity
      </Button>
      <Menu
        id="identity-menu"
        anchorEl={anchor}
        open={open}
        onClose={close}
        slotProps={{ list: { 'aria-labelledby': 'identity-menu-button' }, paper: { sx: { minWidth: 240 } } }}
      >
        <MenuItem component={RouterLink} to={ADD_APPLICANT_PATH} onClick={close}>
          <ListItemIcon>
            <PersonAddAlt1Icon />
          </ListItemIcon>
          <ListItemText>Add Applicant</ListItemText>
        </MenuItem>
        <MenuItem component={RouterLink} to={SEARCH_PATH} onClick={close}>
          <ListItemIcon>
            <SearchIcon />
          </ListItemIcon>
          <ListItemText>Search</ListItemText>
        </MenuItem>
      </Menu>
    </>
  );
}
