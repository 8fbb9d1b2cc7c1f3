import RateReviewIcon from '@mui/icons-material/RateReview';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Tooltip from '@mui/material/Tooltip';
import { Link as RouterLink } from 'react-router';
import { REVIEWS_PATH } from '../features/reviews/paths';
import { useSync } from '../stores/sync-store';
import { CountBadge } from './NavMenu';
import { TOP_BAR } from './top-bar-widths';

/** On the top bar only while something needs review, so a clerk notices it without looking for it. */
export function NeedsReviewButton() {
  const openReviews = useSync((s) => s.sync?.openReviews ?? 0);
  if (openReviews === 0) return null;
  // Narrower top bars say "Review", then only the icon and count; the full name stays the accessible name and the tooltip.
  return (
    <Tooltip title="Needs review">
      <Button
        component={RouterLink}
        to={REVIEWS_PATH}
        color="inherit"
        startIcon={<RateReviewIcon />}
        aria-label={`Needs review: ${openReviews} open`}
        sx={{ fontSize: '1.125rem', px: 1.5, whiteSpace: 'nowrap', '& .MuiButton-startIcon': { mr: 0.5 } }}
      >
        <Box component="span" aria-hidden sx={{ display: 'none', [TOP_BAR.reviewShort]: { display: 'inline' }, [TOP_BAR.reviewWords]: { display: 'none' } }}>
          Review
        </Box>
        <Box component="span" sx={{ display: 'none', [TOP_BAR.reviewWords]: { display: 'inline' } }}>
          Needs review
        </Box>
        <CountBadge count={openReviews} />
      </Button>
    </Tooltip>
  );
}
