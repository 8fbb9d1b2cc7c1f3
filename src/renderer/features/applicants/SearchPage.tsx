import SearchIcon from '@mui/icons-material/Search';
import Box from '@mui/material/Box';
import Breadcrumbs from '@mui/material/Breadcrumbs';
import Button from '@mui/material/Button';
import CircularProgress from '@mui/material/CircularProgress';
import InputAdornment from '@mui/material/InputAdornment';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useRef, useState, type KeyboardEvent, type Ref } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import type { ApplicantSummary, SearchResult } from '../../../shared/contract';
import { displayName } from '../../../shared/domain/applicant';
import { useDocumentTitle } from '../../app/use-document-title';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadingState } from '../../components/LoadingState';
import { NotGiven } from '../../components/NotGiven';
import { credentialTypeName, useCredentialTypes } from '../../stores/credential-types-store';
import { applicantPath } from './paths';
import { useApplicantSearch } from './use-applicant-search';
import { AddApplicantButton } from './AddApplicantButton';

/** Identity › Search: find a person by name, Employee Number or email; newest first when empty. */
export function SearchPage() {
  useDocumentTitle('Search');
  const navigate = useNavigate();
  // The query lives in the address, so "back" from a record returns to the same list.
  const [params, setParams] = useSearchParams();
  const [text, setText] = useState(() => params.get('q') ?? '');
  const search = useApplicantSearch(text);
  const tableRef = useRef<HTMLTableSectionElement>(null);

  const changeText = (value: string) => {
    setText(value);
    setParams(value === '' ? {} : { q: value }, { replace: true });
  };

  const open = (employeeNumber: string) => void navigate(applicantPath(employeeNumber));

  // Keyboard first: ArrowDown from the field enters the list; Up/Down move, Enter opens.
  const rows = () => Array.from(tableRef.current?.querySelectorAll<HTMLElement>('tr[data-employee-number]') ?? []);
  const onFieldKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      rows()[0]?.focus();
    }
  };
  const onRowKeyDown = (event: KeyboardEvent<HTMLTableRowElement>, employeeNumber: string) => {
    const all = rows();
    const index = all.indexOf(event.currentTarget);
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      open(employeeNumber);
    } else if (event.key === 'ArrowDown') {
      event.preventDefault();
      all[index + 1]?.focus();
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      if (index <= 0) document.getElementById('applicant-search')?.focus();
      else all[index - 1]?.focus();
    }
  };

  const showsResults = !(search.error && !search.searching) && search.result !== undefined && search.result.applicants.length > 0;

  return (
    <Box>
      <Breadcrumbs aria-label="You are here" sx={{ mb: 1 }}>
        <Typography color="text.secondary">Identity</Typography>
        <Typography color="text.primary">Search</Typography>
      </Breadcrumbs>
      <Stack direction="row" sx={{ alignItems: 'center', justifyContent: 'space-between', mb: 3 }}>
        <Typography variant="h1">Search</Typography>
        <AddApplicantButton />
      </Stack>

      <TextField
        id="applicant-search"
        label="Search applicants"
        placeholder="Name, Employee Number or email"
        type="search"
        value={text}
        onChange={(e) => changeText(e.target.value)}
        onKeyDown={onFieldKeyDown}
        autoFocus
        fullWidth
        autoComplete="off"
        slotProps={{
          // Points at the results table only while it is on the page (an id that is not there is an error for assistive technology).
          htmlInput: { spellCheck: false, ...(showsResults ? { 'aria-controls': 'search-results' } : {}) },
          input: {
            startAdornment: (
              <InputAdornment position="start">
                <SearchIcon aria-hidden />
              </InputAdornment>
            ),
            endAdornment: search.searching && search.result ? (
              <InputAdornment position="end">
                <CircularProgress size={22} aria-hidden />
              </InputAdornment>
            ) : undefined,
          },
        }}
        sx={{ mb: 2, bgcolor: 'background.paper' }}
      />

      <Typography role="status" sx={{ mb: 2, minHeight: '1.6em' }} color="text.secondary">
        {statusLine(text, search.answeredText, search.result, search.searching)}
      </Typography>

      {search.error && !search.searching ? (
        <ErrorAlert
          error={search.error}
          actions={
            <Button variant="contained" onClick={search.retry}>
              Search again
            </Button>
          }
        />
      ) : !search.result ? (
        <LoadingState label="Searching applicants…" />
      ) : search.result.applicants.length === 0 ? (
        <NoMatch text={search.answeredText ?? ''} />
      ) : (
        <ResultsTable
          result={search.result}
          dimmed={search.searching}
          bodyRef={tableRef}
          onOpen={open}
          onRowKeyDown={onRowKeyDown}
        />
      )}
    </Box>
  );
}

function statusLine(text: string, answered: string | undefined, result: SearchResult | undefined, searching: boolean): string {
  if (searching && text.trim() !== '') return `Searching for “${text.trim()}”…`;
  if (!result) return '';
  const { total, applicants } = result;
  const query = (answered ?? '').trim();
  if (query === '') {
    if (total === 0) return '';
    return total > applicants.length
      ? `The ${applicants.length} most recent of ${total} applicants on this station. Type to narrow the list.`
      : `${plural(total, 'applicant')} on this station, most recent first.`;
  }
  if (total === 0) return '';
  return total > applicants.length
    ? `Showing ${applicants.length} of ${total} applicants matching “${query}”. Type more to narrow the list.`
    : `${plural(total, 'applicant')} matching “${query}”.`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function NoMatch({ text }: { text: string }) {
  const query = text.trim();
  return (
    <Paper variant="outlined" sx={{ p: 4 }}>
      <Typography variant="h2" sx={{ mb: 1 }}>
        {query === '' ? 'No applicants on this station yet' : `No applicant matches “${query}”`}
      </Typography>
      <Typography sx={{ mb: 3 }}>
        {query === ''
          ? 'Applicants you add appear here, the most recent first.'
          : 'Check the spelling, try part of the name, the 8-digit Employee Number or the email address. If the person is new, add them.'}
      </Typography>
      <AddApplicantButton />
    </Paper>
  );
}

interface ResultsTableProps {
  result: SearchResult;
  dimmed: boolean;
  bodyRef: Ref<HTMLTableSectionElement>;
  onOpen: (employeeNumber: string) => void;
  onRowKeyDown: (event: KeyboardEvent<HTMLTableRowElement>, employeeNumber: string) => void;
}

function ResultsTable({ result, dimmed, bodyRef, onOpen, onRowKeyDown }: ResultsTableProps) {
  const { types } = useCredentialTypes();
  return (
    <TableContainer component={Paper} variant="outlined" sx={{ opacity: dimmed ? 0.6 : 1, transition: 'opacity 120ms' }}>
      <Table id="search-results" aria-label="Applicants found">
        <TableHead>
          <TableRow>
            <TableCell sx={{ width: '11em' }}>Employee Number</TableCell>
            <TableCell>Name</TableCell>
            <TableCell>Email address</TableCell>
            <TableCell>Credential type</TableCell>
          </TableRow>
        </TableHead>
        <TableBody ref={bodyRef}>
          {result.applicants.map((a: ApplicantSummary) => (
            <TableRow
              key={a.employeeNumber}
              data-employee-number={a.employeeNumber}
              hover
              tabIndex={0}
              onClick={() => onOpen(a.employeeNumber)}
              onKeyDown={(e) => onRowKeyDown(e, a.employeeNumber)}
              sx={{ cursor: 'pointer', '&:focus-visible': { bgcolor: 'action.selected' } }}
            >
              <TableCell sx={{ fontVariantNumeric: 'tabular-nums', fontWeight: 600, letterSpacing: 0.5 }}>
                {a.employeeNumber}
              </TableCell>
              <TableCell sx={{ fontWeight: 500 }}>
                {displayName(a)}
              </TableCell>
              <TableCell>{a.email ?? <NotGiven />}</TableCell>
              <TableCell>{credentialTypeName(types, a.credentialTypeId)}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
}
