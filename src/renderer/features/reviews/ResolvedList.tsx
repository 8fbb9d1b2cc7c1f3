import CallMergeIcon from '@mui/icons-material/CallMerge';
import PeopleAltIcon from '@mui/icons-material/PeopleAlt';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemIcon from '@mui/material/ListItemIcon';
import ListItemText from '@mui/material/ListItemText';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import type { ReviewItem } from '../../../shared/contract';
import { formatLocal } from '../../lib/format-time';
import { outcome } from './review-words';

/** Reviews already decided: what was decided, by whom, when (newest first). */
export function ResolvedList({ items }: { items: readonly ReviewItem[] }) {
  const newestFirst = [...items].sort((a, b) => (b.review.resolvedAt ?? '').localeCompare(a.review.resolvedAt ?? ''));
  return (
    <Paper variant="outlined" component="section" aria-labelledby="resolved-heading" sx={{ p: { xs: 2, md: 3 } }}>
      <Typography variant="h2" id="resolved-heading" sx={{ mb: 1 }}>
        Resolved
      </Typography>
      <List aria-labelledby="resolved-heading" disablePadding>
        {newestFirst.map((item) => {
          const { review } = item;
          const by = [review.resolvedBy && `by ${review.resolvedBy}`, review.resolvedAt && formatLocal(review.resolvedAt)].filter(Boolean).join(', ');
          return (
            <ListItem key={review.id} divider disableGutters sx={{ py: 1.5 }}>
              <ListItemIcon sx={{ color: 'success.main' }}>{review.status === 'merged' ? <CallMergeIcon /> : <PeopleAltIcon />}</ListItemIcon>
              <ListItemText
                primary={outcome(item)}
                secondary={by}
                slotProps={{ primary: { sx: { fontSize: '1.125rem', fontWeight: 600 } }, secondary: { sx: { fontSize: '1rem' } } }}
              />
            </ListItem>
          );
        })}
      </List>
    </Paper>
  );
}
