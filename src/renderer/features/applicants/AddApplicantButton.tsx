import PersonAddAlt1Icon from '@mui/icons-material/PersonAddAlt1';
import Button from '@mui/material/Button';
import { Link as RouterLink } from 'react-router';
import { useCan } from '../../stores/session-store';
import { ADD_APPLICANT_PATH } from './paths';

/** Identity › Add Applicant as a button, shown only to an operator who may add applicants. */
export function AddApplicantButton({ variant = 'contained', icon = true }: { variant?: 'contained' | 'outlined'; icon?: boolean }) {
  const can = useCan('applicant.create');
  if (!can.allowed) return null;
  return (
    <Button variant={variant} component={RouterLink} to={ADD_APPLICANT_PATH} startIcon={icon ? <PersonAddAlt1Icon /> : undefined}>
      Add Applicant
    </Button>
  );
}
