import CheckCircleIcon from '@mui/icons-material/CheckCircle';
import SearchIcon from '@mui/icons-material/Search';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useEffect, useRef, useState } from 'react';
import { Link as RouterLink } from 'react-router';
import type { ReviewItem } from '../../../shared/contract';
import { useDocumentTitle } from '../../app/use-document-title';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadingState } from '../../components/LoadingState';
import { SEARCH_PATH } from '../applicants/paths';
import { ResolveDialog } from './ResolveDialog';
import { ResolvedList } from './ResolvedList';
import { ReviewCard } from './ReviewCard';
import { outcome, type Decision } from './review-words';
import { useReviews } from './use-reviews';

/** Needs review: records enrolled at two stations while offline that may be the same person. */
export function ReviewsPage() {
  useDocumentTitle('Needs review');
  const reviews = useReviews();
  const [pending, setPending] = useState<{ item: ReviewItem; decision: Decision }>();
  const [decided, setDecided] = useState<ReviewItem>();
  const decidedRef = useRef<HTMLDivElement>(null);

  // After a decision, focus lands on what was decided; the next card is right below it.
  useEffect(() => {
    if (decided) decidedRef.current?.focus();
  }, [decided]);

  const items = reviews.status === 'ready' ? reviews.items : [];
  const open = items.filter((i) => i.review.status === 'open');
  const resolved = items.filter((i) => i.review.status !== 'open');

  return (
    <Box>
      <Typography variant="h1" sx={{ mt: 1, mb: 1 }}>
        Needs review
      </Typography>
      <Typography sx={{ color: 'text.secondary', mb: 3 }}>
        These people were enrolled at two stations while offline and may be the same person. Nothing was dropped: both records are kept until
        you decide.
      </Typography>
      {reviews.status === 'loading' && <LoadingState label="Loading the possible duplicates…" />}
      {reviews.status === 'failed' && (
        <ErrorAlert
          error={reviews.error}
          actions={
            <Button variant="contained" onClick={reviews.reload}>
              Try again
            </Button>
          }
        />
      )}
      {reviews.status === 'ready' && (
        <Stack spacing={3}>
          {decided && (
            <Alert severity="success" variant="filled" ref={decidedRef} tabIndex={-1} role="status">
              Decision saved: {outcome(decided)}.
            </Alert>
          )}
          {open.length === 0 ? <NothingToReview /> : open.map((item) => <ReviewCard key={item.review.id} item={item} onDecide={(decision) => setPending({ item, decision })} />)}
          {resolved.length > 0 && <ResolvedList items={resolved} />}
        </Stack>
      )}
      {pending && (
        <ResolveDialog
          item={pending.item}
          decision={pending.decision}
          onClose={() => setPending(undefined)}
          onGone={reviews.reload}
          onResolved={(item) => {
            setPending(undefined);
            reviews.replace(item);
            setDecided(item);
          }}
        />
      )}
    </Box>
  );
}

function NothingToReview() {
  return (
    <Paper variant="outlined" sx={{ p: { xs: 2, md: 3 } }}>
      <Stack direction="row" spacing={1.5} sx={{ alignItems: 'center', mb: 1 }}>
        <CheckCircleIcon color="success" aria-hidden />
        <Typography variant="h2">Nothing needs review.</Typography>
      </Stack>
      <Typography sx={{ mb: 2 }}>When a sync finds two records that may be the same person, they appear here.</Typography>
      <Button variant="outlined" component={RouterLink} to={SEARCH_PATH} startIcon={<SearchIcon />}>
        Search applicants
      </Button>
    </Paper>
  );
}
