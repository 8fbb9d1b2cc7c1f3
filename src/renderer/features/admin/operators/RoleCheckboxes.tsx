import Checkbox from '@mui/material/Checkbox';
import FormControl from '@mui/material/FormControl';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormGroup from '@mui/material/FormGroup';
import FormHelperText from '@mui/material/FormHelperText';
import FormLabel from '@mui/material/FormLabel';
import type { Role } from '../../../../shared/domain/roles';
import { ALL_ROLES, ROLE_NAMES } from './roles';

/** Roles to tick; Administrator says it waits for a second Administrator (four eyes). */
export function RoleCheckboxes({ value, onChange, locked = [], error }: { value: Role[]; onChange: (roles: Role[]) => void; locked?: Role[]; error?: string | undefined }) {
  return (
    <FormControl component="fieldset" error={Boolean(error)}>
      <FormLabel component="legend">Roles</FormLabel>
      <FormGroup row>
        {ALL_ROLES.map((role) => (
          <FormControlLabel
            key={role}
            label={ROLE_NAMES[role]}
            control={
              <Checkbox
                checked={value.includes(role)}
                disabled={locked.includes(role)}
                onChange={(e) => onChange(e.target.checked ? ALL_ROLES.filter((r) => r === role || value.includes(r)) : value.filter((r) => r !== role))}
              />
            }
          />
        ))}
      </FormGroup>
      <FormHelperText>{error ?? 'Granting Administrator waits for a second Administrator\'s approval.'}</FormHelperText>
    </FormControl>
  );
}
