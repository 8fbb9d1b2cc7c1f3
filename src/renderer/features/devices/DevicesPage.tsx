import CreditCardIcon from '@mui/icons-material/CreditCard';
import TroubleshootIcon from '@mui/icons-material/Troubleshoot';
import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { Link as RouterLink } from 'react-router';
import { useDocumentTitle } from '../../app/use-document-title';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadingState } from '../../components/LoadingState';
import { visuallyHidden } from '../../components/visually-hidden';
import { CLERK_MESSAGES, describeError } from '../../errors/clerk-messages';
import { useReaders } from '../../stores/readers-store';
import { readerDiagnosticsPath } from './paths';

/** Devices: the card readers this station sees and the card in each, live; each opens its Diagnostics. */
export function DevicesPage() {
  useDocumentTitle('Devices');
  const state = useReaders();

  return (
    <Box>
      <Typography variant="h1" sx={{ mt: 1, mb: 1 }}>
        Devices
      </Typography>
      <Typography sx={{ color: 'text.secondary', mb: 3 }}>The card readers this station sees and the card in each. This page updates by itself.</Typography>
      <Paper variant="outlined" sx={{ p: { xs: 2, md: 3 } }}>
        {state.status === 'loading' || state.pcsc === 'starting' ? (
          <LoadingState label="Looking for card readers…" />
        ) : state.status === 'failed' ? (
          <ErrorAlert error={state.error} />
        ) : state.pcsc === 'service-not-running' ? (
          <ErrorAlert error={describeError({ code: 'PCSC_NOT_RUNNING', message: '' })} />
        ) : state.readers.length === 0 ? (
          <Alert severity="warning" variant="outlined">
            <AlertTitle>No card reader found</AlertTitle>
            <Typography>{CLERK_MESSAGES.DEVICE_NOT_FOUND.fix}</Typography>
          </Alert>
        ) : (
          <TableContainer>
            <Table aria-label="Card readers">
              <TableHead>
                <TableRow>
                  <TableCell>Card reader</TableCell>
                  <TableCell>Card</TableCell>
                  <TableCell>
                    <Box component="span" sx={visuallyHidden}>
                      For support
                    </Box>
                  </TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {state.readers.map((reader) => (
                  <TableRow key={reader.name}>
                    <TableCell sx={{ fontWeight: 600 }}>{reader.name}</TableCell>
                    <TableCell>
                      {reader.cardPresent ? (
                        <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
                          <CreditCardIcon color="success" aria-hidden />
                          <span>Card in the reader</span>
                        </Stack>
                      ) : (
                        <Typography component="span" sx={{ color: 'text.secondary' }}>
                          No card
                        </Typography>
                      )}
                    </TableCell>
                    <TableCell align="right">
                      <Button
                        variant="outlined"
                        component={RouterLink}
                        to={readerDiagnosticsPath(reader.name)}
                        startIcon={<TroubleshootIcon />}
                        aria-label={`Diagnostics for ${reader.name}`}
                      >
                        Diagnostics
                      </Button>
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </TableContainer>
        )}
      </Paper>
    </Box>
  );
}

