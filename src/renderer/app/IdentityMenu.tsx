import PersonAddAlt1Icon from '@mui/icons-material/PersonAddAlt1';
import RateReviewIcon from '@mui/icons-material/RateReview';
import SearchIcon from '@mui/icons-material/Search';
import { ADD_APPLICANT_PATH, SEARCH_PATH } from '../features/applicants/paths';
import { REVIEWS_PATH } from '../features/reviews/paths';
import { useSync } from '../stores/sync-store';
import { NavMenu } from './NavMenu';

/**
 * The procedure's "Identity section in the main navigation menu", holding Add Applicant
 * and Search, and Needs review (possible duplicates found at sync).
 */
export function IdentityMenu() {
  const openReviews = useSync((s) => s.sync?.openReviews ?? 0);
  return (
    <NavMenu
      id="identity-menu"
      label="Identity"
      items={[
        { label: 'Add Applicant', to: ADD_APPLICANT_PATH, icon: <PersonAddAlt1Icon /> },
        { label: 'Search', to: SEARCH_PATH, icon: <SearchIcon /> },
        { label: 'Needs review', to: REVIEWS_PATH, icon: <RateReviewIcon />, count: openReviews },
      ]}
    />
  );
}
