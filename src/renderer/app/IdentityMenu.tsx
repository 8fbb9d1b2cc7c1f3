import FactCheckIcon from '@mui/icons-material/FactCheck';
import PersonAddAlt1Icon from '@mui/icons-material/PersonAddAlt1';
import RateReviewIcon from '@mui/icons-material/RateReview';
import SearchIcon from '@mui/icons-material/Search';
import { ADD_APPLICANT_PATH, SEARCH_PATH } from '../features/applicants/paths';
import { APPROVALS_PATH } from '../features/approvals/paths';
import { REVIEWS_PATH } from '../features/reviews/paths';
import { usePendingApprovals } from '../stores/approvals-store';
import { useCan } from '../stores/session-store';
import { useSync } from '../stores/sync-store';
import { NavMenu, type NavItem } from './NavMenu';

/**
 * The procedure's "Identity section in the main navigation menu", holding Add Applicant
 * and Search, Needs review (possible duplicates found at sync) and, for supervisors,
 * Approvals. An operator sees only what their roles let them do.
 */
export function IdentityMenu() {
  const openReviews = useSync((s) => s.sync?.openReviews ?? 0);
  const pending = usePendingApprovals((s) => s.pending ?? 0);
  const mayAdd = useCan('applicant.create').allowed;
  const mayDecide = useCan('credential.decide').allowed;
  const items: NavItem[] = [
    ...(mayAdd ? [{ label: 'Add Applicant', to: ADD_APPLICANT_PATH, icon: <PersonAddAlt1Icon /> }] : []),
    { label: 'Search', to: SEARCH_PATH, icon: <SearchIcon /> },
    { label: 'Needs review', to: REVIEWS_PATH, icon: <RateReviewIcon />, count: openReviews },
    ...(mayDecide ? [{ label: 'Approvals', to: APPROVALS_PATH, icon: <FactCheckIcon />, count: pending }] : []),
  ];
  return <NavMenu id="identity-menu" label="Identity" items={items} />;
}
