import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { useId, type ReactNode } from 'react';
import { HoursField } from './HoursField';

interface WatchlistSectionProps {
  title: string;
  /** "Not picked up after" — completes "… N hours" for the hours field. */
  hoursLabel: string;
  hours: number;
  onHours: (hours: number) => void;
  /** undefined while the server has not answered (nothing is shown as current meanwhile). */
  list: { total: number; shown: number } | undefined;
  /** What an empty list means ("No invitation has waited longer than 24 hours."). */
  empty: string;
  columns: readonly string[];
  children: ReactNode;
}

/** One list of the watchlist: its count, its N hours, its rows (oldest first) and how many more there are. */
export function WatchlistSection({ title, hoursLabel, hours, onHours, list, empty, columns, children }: WatchlistSectionProps) {
  const headingId = useId();
  return (
    <Box component="section" aria-labelledby={headingId} sx={{ mb: 4 }}>
      <Stack direction="row" spacing={2} sx={{ alignItems: 'flex-start', justifyContent: 'space-between', mb: 1 }}>
        <Stack direction="row" spacing={1.5} sx={{ alignItems: 'center', pt: 0.5 }}>
          <Typography variant="h2" id={headingId} sx={{ fontSize: '1.25rem' }}>
            {title}
          </Typography>
          {list && <Chip label={list.total} color={list.total > 0 ? 'warning' : 'default'} aria-label={`${list.total} waiting`} sx={{ fontWeight: 700 }} />}
        </Stack>
        <HoursField label={`${hoursLabel} (hours)`} hours={hours} onChange={onHours} />
      </Stack>
      {list &&
        (list.total === 0 ? (
          <Typography color="text.secondary">{empty}</Typography>
        ) : (
          <>
            <TableContainer component={Paper} variant="outlined">
              <Table aria-labelledby={headingId} size="small" sx={{ '& th, & td': { px: 1.5, py: 1 } }}>
                <TableHead>
                  <TableRow>
                    {columns.map((c) => (
                      <TableCell key={c}>{c}</TableCell>
                    ))}
                  </TableRow>
                </TableHead>
                <TableBody>{children}</TableBody>
              </Table>
            </TableContainer>
            {list.total > list.shown && (
              <Typography color="text.secondary" sx={{ mt: 1 }}>
                … and {list.total - list.shown} more (the oldest {list.shown} are shown).
              </Typography>
            )}
          </>
        ))}
    </Box>
  );
}
