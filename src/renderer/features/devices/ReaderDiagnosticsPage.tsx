import RefreshIcon from '@mui/icons-material/Refresh';
import Box from '@mui/material/Box';
import Breadcrumbs from '@mui/material/Breadcrumbs';
import Button from '@mui/material/Button';
import Link from '@mui/material/Link';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import { Link as RouterLink, useParams } from 'react-router';
import type { ReaderDiagnostics } from '../../../shared/contract/devices';
import { useDocumentTitle } from '../../app/use-document-title';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadingState } from '../../components/LoadingState';
import { FactList, type Fact } from '../../components/FactList';
import { NotGiven } from '../../components/NotGiven';
import type { ClerkError } from '../../errors/clerk-messages';
import { formatClock, formatUtc } from '../../lib/format-time';
import { findReader, useReaders } from '../../stores/readers-store';
import { DEVICES_PATH } from './paths';
import { useStationQuery } from '../../lib/use-station-query';

/**
 * One reader's Diagnostics, for support calls: the card's ATR and what it means, its
 * family, and the commands the station exchanged with it. Read again when a card goes in or out.
 */
export function ReaderDiagnosticsPage() {
  const { readerName = '' } = useParams();
  useDocumentTitle(`Diagnostics: ${readerName}`);
  const readers = useReaders();
  const reader = findReader(readers, readerName);
  // While a new read is on its way the last one stays, so the log does not flash away.
  const query = useStationQuery(
    (station) => station.readers.diagnostics({ readerName }),
    [readerName, reader?.cardPresent === true, readers.insertions[readerName] ?? 0],
    { keepPrevious: true },
  );
  const result: { error: ClerkError } | { diagnostics: ReaderDiagnostics } | undefined = query.error
    ? { error: query.error }
    : query.data
      ? { diagnostics: query.data }
      : undefined;
  const reading = query.loading;
  const again = query.reload;

  return (
    <Box>
      <Stack direction="row" spacing={2} sx={{ alignItems: 'center', justifyContent: 'space-between', mb: 2, minHeight: 48 }}>
        <Breadcrumbs aria-label="You are here">
          <Link component={RouterLink} to={DEVICES_PATH} underline="hover">
            Devices
          </Link>
          <Typography color="text.primary">{readerName}</Typography>
        </Breadcrumbs>
        <Button variant="contained" startIcon={<RefreshIcon />} onClick={again}>
          Read again
        </Button>
      </Stack>
      <Typography variant="overline" component="p" sx={{ color: 'text.secondary' }}>
        Diagnostics
      </Typography>
      <Typography variant="h1" sx={{ mb: 3, overflowWrap: 'anywhere' }}>
        {readerName}
      </Typography>

      {!result ? (
        <LoadingState label={`Reading diagnostics from ${readerName}…`} />
      ) : 'error' in result ? (
        <ErrorAlert
          error={result.error}
          actions={
            <>
              <Button variant="contained" onClick={again}>
                Try again
              </Button>
              <Button variant="outlined" component={RouterLink} to={DEVICES_PATH}>
                Back to Devices
              </Button>
            </>
          }
        />
      ) : (
        <DiagnosticsView diagnostics={result.diagnostics} reading={reading} />
      )}
    </Box>
  );
}

function DiagnosticsView({ diagnostics, reading }: { diagnostics: ReaderDiagnostics; reading: boolean }) {
  const rows: Fact[] = [
    ['Card', diagnostics.cardPresent ? 'Card in the reader' : 'No card in the reader'],
    ['ATR', diagnostics.atr ? <Box key="atr" component="span" sx={mono}>{diagnostics.atr}</Box> : <NotGiven />],
    ['Card family', diagnostics.cardFamily ?? <NotGiven />],
  ];
  const newestFirst = [...diagnostics.apduLog].reverse();
  return (
    <Stack spacing={2.5} sx={{ opacity: reading ? 0.6 : 1, transition: 'opacity 120ms' }} aria-busy={reading}>
      <Paper variant="outlined" sx={{ p: { xs: 2, md: 3 } }}>
        <FactList facts={rows} labelWidth="9em" />
        <Typography variant="h3" component="h2" sx={{ mt: 3, mb: 1 }}>
          ATR breakdown
        </Typography>
        {diagnostics.atrExplained.length === 0 ? (
          <Typography sx={{ color: 'text.secondary' }}>
            {diagnostics.cardPresent ? 'The station did not explain this ATR.' : 'Insert a card to see its ATR explained.'}
          </Typography>
        ) : (
          <Box component="ul" sx={{ m: 0, pl: 3, '& li': { ...mono, py: 0.25 } }}>
            {diagnostics.atrExplained.map((line, index) => (
              <li key={index}>{line}</li>
            ))}
          </Box>
        )}
      </Paper>

      <Paper variant="outlined" sx={{ p: { xs: 2, md: 3 } }}>
        <Typography variant="h3" component="h2" sx={{ mb: 0.5 }}>
          APDU log
        </Typography>
        <Typography sx={{ color: 'text.secondary', mb: 1.5 }}>
          {newestFirst.length === 0
            ? 'The station has not sent this reader any command since it started.'
            : `The last ${newestFirst.length} command${newestFirst.length === 1 ? '' : 's'} the station sent this reader, newest first, each with the card it went to (numbered in the order the station met them in this reader, with the card's ATR). PINs are masked.`}
        </Typography>
        {newestFirst.length > 0 && (
          <TableContainer>
            <Table aria-label="APDU log" size="small" sx={{ tableLayout: 'fixed', '& td, & th': { fontSize: '0.9375rem', py: 1 } }}>
              <TableHead>
                <TableRow>
                  <TableCell sx={{ width: '8.5em' }}>Time</TableCell>
                  <TableCell sx={{ width: '10em' }}>Card</TableCell>
                  <TableCell>Command</TableCell>
                  <TableCell>Response</TableCell>
                  <TableCell sx={{ width: '11em' }}>Status</TableCell>
                  <TableCell align="right" sx={{ width: '4.5em' }}>
                    ms
                  </TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {newestFirst.map((entry, index) => (
                  <TableRow key={`${entry.at}-${index}`}>
                    <TableCell sx={{ ...mono, whiteSpace: 'nowrap' }}>
                      <Tooltip title={formatUtc(entry.at)} placement="top-start">
                        <time dateTime={entry.at}>{formatClock(entry.at)}</time>
                      </Tooltip>
                    </TableCell>
                    <TableCell>
                      <Box component="span" sx={{ display: 'block', whiteSpace: 'nowrap' }}>
                        Card {entry.card.number}
                      </Box>
                      <Box component="span" sx={{ ...mono, display: 'block', fontSize: '0.75rem', color: 'text.secondary', overflowWrap: 'anywhere' }} aria-label={`ATR ${entry.card.atr}`}>
                        {entry.card.atr}
                      </Box>
                    </TableCell>
                    <TableCell sx={{ ...mono, overflowWrap: 'anywhere' }}>{entry.command}</TableCell>
                    <TableCell sx={{ ...mono, overflowWrap: 'anywhere' }}>{entry.response || <NotGiven />}</TableCell>
                    <TableCell sx={{ overflowWrap: 'anywhere' }}>{entry.status}</TableCell>
                    <TableCell align="right" sx={{ fontVariantNumeric: 'tabular-nums' }}>
                      {Math.round(entry.ms)}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </TableContainer>
        )}
      </Paper>
    </Stack>
  );
}

const mono = { fontFamily: '"Roboto Mono", "DejaVu Sans Mono", Consolas, monospace', fontSize: '0.9375rem' } as const;
