import FactCheckIcon from '@mui/icons-material/FactCheck';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Tooltip from '@mui/material/Tooltip';
import { Link as RouterLink } from 'react-router';
import { APPROVALS_PATH } from '../features/approvals/paths';
import { usePendingApprovals } from '../stores/approvals-store';
import { useCan } from '../stores/session-store';
import { CountBadge } from './NavMenu';
import { TOP_BAR } from './top-bar-widths';

/** On the top bar for a supervisor while credentials wait for approval, so they notice without looking. */
export function ApprovalsButton() {
  const pending = usePendingApprovals((s) => s.pending ?? 0);
  const mayDecide = useCan('credential.decide').allowed;
  if (!mayDecide || pending === 0) return null;
  return (
    <Tooltip title="Approvals: credentials waiting for a supervisor">
      <Button
        component={RouterLink}
        to={APPROVALS_PATH}
        color="inherit"
        startIcon={<FactCheckIcon />}
        aria-label={`Approvals: ${pending} waiting`}
        // Between 1340 and 1500 px the word stays and the icon goes (a supervisor with many roles fills the top bar).
        sx={{
          fontSize: '1.125rem',
          px: 1.5,
          whiteSpace: 'nowrap',
          '& .MuiButton-startIcon': { mr: 0.5 },
          [TOP_BAR.reviewShort]: { '& .MuiButton-startIcon': { display: 'none' } },
          [TOP_BAR.reviewWords]: { '& .MuiButton-startIcon': { display: 'inherit' } },
        }}
      >
        <Box component="span" sx={{ display: 'none', [TOP_BAR.reviewShort]: { display: 'inline' } }}>
          Approvals
        </Box>
        <CountBadge count={pending} />
      </Button>
    </Tooltip>
  );
}
