import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import CircularProgress from '@mui/material/CircularProgress';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import type { ReviewItem } from '../../../shared/contract';
import { ErrorAlert } from '../../components/ErrorAlert';
import type { ClerkError } from '../../errors/clerk-messages';
import { describeCallFailure } from '../../stores/station-info-store';
import { consequence, type Decision } from './review-words';
import { useStation } from '../../app/station-context';

interface ResolveDialogProps {
  item: ReviewItem;
  decision: Decision;
  onClose: () => void;
  onResolved: (item: ReviewItem) => void;
  /** The review is gone (decided elsewhere): the list reloads. */
  onGone: () => void;
}

/** The confirmation step: says what the decision will do before it is saved. */
export function ResolveDialog({ item, decision, onClose, onResolved, onGone }: ResolveDialogProps) {
  const station = useStation();
  const [saving, setSaving] = useState(false);
  const [failure, setFailure] = useState<ClerkError>();
  const gone = failure?.code === 'REVIEW_NOT_FOUND';
  const action = decision.resolution === 'merge' ? `Merge, keep ${decision.survivor}` : 'Keep both';

  const confirm = async () => {
    setSaving(true);
    setFailure(undefined);
    try {
      const input = decision.resolution === 'merge' ? { reviewId: item.review.id, ...decision } : { reviewId: item.review.id, resolution: decision.resolution };
      onResolved(await station.reviews.resolve(input));
    } catch (reason) {
      const error = describeCallFailure(reason);
      setFailure(error);
      if (error.code === 'REVIEW_NOT_FOUND') onGone();
    } finally {
      setSaving(false);
    }
  };

  return (
    <Dialog open onClose={saving ? undefined : onClose} aria-labelledby="resolve-title" aria-describedby="resolve-consequence" maxWidth="sm" fullWidth>
      <DialogTitle id="resolve-title" sx={{ fontSize: '1.5rem', fontWeight: 700 }}>
        {action}?
      </DialogTitle>
      <DialogContent>
        <Typography id="resolve-consequence">{consequence(item, decision)}</Typography>
        {failure && (
          <Box sx={{ mt: 2 }}>
            <ErrorAlert error={failure} />
          </Box>
        )}
      </DialogContent>
      <DialogActions sx={{ px: 3, pb: 3, gap: 1 }}>
        <Button variant="outlined" onClick={onClose} disabled={saving}>
          {gone ? 'Close' : 'Cancel'}
        </Button>
        <Button
          variant="contained"
          onClick={() => void confirm()}
          disabled={saving || gone}
          autoFocus
          startIcon={saving ? <CircularProgress size={20} color="inherit" aria-hidden /> : undefined}
        >
          {saving ? 'Saving the decision…' : action}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
