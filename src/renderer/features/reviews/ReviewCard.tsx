import CallMergeIcon from '@mui/icons-material/CallMerge';
import CheckCircleIcon from '@mui/icons-material/CheckCircle';
import PeopleAltIcon from '@mui/icons-material/PeopleAlt';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Link from '@mui/material/Link';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { useId, type ReactNode } from 'react';
import { Link as RouterLink } from 'react-router';
import type { ReviewItem } from '../../../shared/contract';
import { displayName, FIELD_LABELS, type Applicant, type ApplicantField } from '../../../shared/domain/applicant';
import { NotGiven } from '../../components/NotGiven';
import { formatLocal } from '../../lib/format-time';
import { credentialTypeName, useCredentialTypes } from '../../stores/credential-types-store';
import { useCan } from '../../stores/session-store';
import { useStationInfo } from '../../stores/station-info-store';
import { applicantPath } from '../applicants/paths';
import { MATCH, sides, type Decision } from './review-words';
import { toneSx } from '../../app/theme';

type Row = { label: string; field?: ApplicantField; value: (a: Applicant) => ReactNode };

/** One possible duplicate: the two records side by side, what they share, and the decisions. */
export function ReviewCard({ item, onDecide }: { item: ReviewItem; onDecide: (decision: Decision) => void }) {
  const { types } = useCredentialTypes();
  const station = useStationInfo((s) => s.info);
  const { review } = item;
  const records = sides(item);
  const headingId = `review-${review.id}`;
  const mayResolve = useCan('review.resolve');
  const reasonId = useId();
  const matchedFields = new Set(review.matchedOn.map((r) => MATCH[r].field));
  // Records carry only the enrolling station's id; its first block is enough to tell stations apart on the phone.
  const from = (a: Applicant) => (station?.stationId === a.stationId ? `${station.stationName} (this station)` : `another station (${a.stationId.slice(0, 8)})`);

  const rows: Row[] = [
    { label: 'NAME', value: (a) => displayName(a) },
    { label: FIELD_LABELS.email, field: 'email', value: (a) => a.email || <NotGiven /> },
    { label: FIELD_LABELS.userPrincipalName, field: 'userPrincipalName', value: (a) => a.userPrincipalName || <NotGiven /> },
    { label: FIELD_LABELS.externalLinkingKey, field: 'externalLinkingKey', value: (a) => a.externalLinkingKey || <NotGiven /> },
    { label: FIELD_LABELS.credentialTypeId, value: (a) => credentialTypeName(types, a.credentialTypeId) },
    { label: 'ADDED', value: (a) => `${formatLocal(a.createdAt)} by ${a.createdBy} at ${from(a)}` },
  ];

  return (
    <Paper variant="outlined" component="section" aria-labelledby={headingId} sx={{ p: { xs: 2, md: 3 } }}>
      <Typography variant="h2" id={headingId} sx={{ mb: 0.5 }}>
        Possibly the same person: {review.employeeNumbers.join(' and ')}
      </Typography>
      <Stack direction="row" spacing={1.5} useFlexGap sx={{ mb: 2, flexWrap: 'wrap', alignItems: 'center' }}>
        {review.matchedOn.map((reason) => (
          <Stack key={reason} direction="row" spacing={0.75} sx={{ alignItems: 'center', px: 1.5, py: 0.5, borderRadius: 4, ...MATCHED }}>
            <CheckCircleIcon fontSize="small" aria-hidden />
            <Typography component="span" sx={{ fontWeight: 700 }}>
              {MATCH[reason].words}
            </Typography>
          </Stack>
        ))}
        <Typography component="span" color="text.secondary">
          Found {formatLocal(review.openedAt)}
        </Typography>
      </Stack>
      <Box sx={{ overflowX: 'auto' }}>
        <Table aria-label={`Records ${review.employeeNumbers.join(' and ')} side by side`} sx={{ tableLayout: 'fixed', minWidth: 640 }}>
          <TableHead>
            <TableRow>
              <TableCell sx={{ width: '26%' }}>
                <Box component="span" sx={{ typography: 'overline' }}>
                  Employee Number
                </Box>
              </TableCell>
              {records.map(([number]) => (
                <TableCell key={number} sx={{ fontSize: '1.375rem', letterSpacing: '0.06em', fontVariantNumeric: 'tabular-nums' }}>
                  <Link component={RouterLink} to={applicantPath(number)} aria-label={`Open the record of Employee Number ${number}`}>
                    {number}
                  </Link>
                </TableCell>
              ))}
            </TableRow>
          </TableHead>
          <TableBody>
            {rows.map((row) => {
              const matched = row.field !== undefined && matchedFields.has(row.field);
              return (
                <TableRow key={row.label} sx={matched ? MATCHED : undefined}>
                  <TableCell component="th" scope="row" sx={{ typography: 'overline', color: matched ? 'inherit' : 'text.secondary', bgcolor: 'transparent' }}>
                    {row.label}
                    {matched && <Box sx={{ textTransform: 'none', letterSpacing: 0, fontSize: '0.9375rem' }}>Same on both records</Box>}
                  </TableCell>
                  {records.map(([number, applicant]) => (
                    <TableCell key={number} sx={{ overflowWrap: 'anywhere', fontWeight: matched ? 700 : 500 }}>
                      {applicant ? row.value(applicant) : 'Not on this station yet'}
                    </TableCell>
                  ))}
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      </Box>
      <Stack direction="row" spacing={2} useFlexGap sx={{ mt: 3, flexWrap: 'wrap', alignItems: 'center' }}>
        {review.employeeNumbers.map((survivor) => (
          <Button
            key={survivor}
            variant="outlined"
            startIcon={<CallMergeIcon />}
            disabled={!mayResolve.allowed}
            aria-describedby={mayResolve.allowed ? undefined : reasonId}
            onClick={() => onDecide({ resolution: 'merge', survivor })}
          >
            Merge, keep {survivor}
          </Button>
        ))}
        <Button
          variant="outlined"
          startIcon={<PeopleAltIcon />}
          disabled={!mayResolve.allowed}
          aria-describedby={mayResolve.allowed ? undefined : reasonId}
          onClick={() => onDecide({ resolution: 'keep-both' })}
        >
          Keep both
        </Button>
        {!mayResolve.allowed && (
          <Typography id={reasonId} sx={{ color: 'text.secondary' }}>
            {mayResolve.reason}
          </Typography>
        )}
      </Stack>
    </Paper>
  );
}

/** A matched field: a warm background, bold words and the words "Same …" (never colour alone). */
const MATCHED = toneSx('matched');
