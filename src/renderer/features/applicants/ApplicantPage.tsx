import SearchIcon from '@mui/icons-material/Search';
import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Box from '@mui/material/Box';
import Breadcrumbs from '@mui/material/Breadcrumbs';
import Button from '@mui/material/Button';
import Link from '@mui/material/Link';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Tab from '@mui/material/Tab';
import Tabs from '@mui/material/Tabs';
import Typography from '@mui/material/Typography';
import { useEffect, useRef } from 'react';
import { Link as RouterLink, useLocation, useParams } from 'react-router';
import type { ApplicantRecord } from '../../../shared/contract';
import { displayName } from '../../../shared/domain/applicant';
import { useDocumentTitle } from '../../app/use-document-title';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadingState } from '../../components/LoadingState';
import { credentialTypeName, useCredentialTypes } from '../../stores/credential-types-store';
import { CredentialsTab } from './CredentialsTab';
import { DetailsTab } from './DetailsTab';
import { HistoryTab } from './HistoryTab';
import { applicantPath, isApplicantTab, SEARCH_PATH, type ApplicantTab } from './paths';
import { useApplicantRecord } from './use-applicant-record';
import { AddApplicantButton } from './AddApplicantButton';

const TAB_LABELS: Record<ApplicantTab, string> = {
  details: 'Details',
  credentials: 'Credentials',
  history: 'History',
};

/** The person's detail page: name, Employee Number, and the Details / Credentials / History tabs. */
export function ApplicantPage() {
  const { employeeNumber = '', tab } = useParams();
  const state = useApplicantRecord(employeeNumber);
  const title = state.status === 'ready' ? displayName(state.record.applicant) : employeeNumber;
  useDocumentTitle(title);

  return (
    <Box>
      <Stack direction="row" spacing={2} sx={{ alignItems: 'center', justifyContent: 'space-between', mb: 2, minHeight: 48 }}>
        <Breadcrumbs aria-label="You are here">
          <Typography color="text.secondary">Identity</Typography>
          <Link component={RouterLink} to={SEARCH_PATH} underline="hover">
            Search
          </Link>
          <Typography color="text.primary">{title}</Typography>
        </Breadcrumbs>
        <Stack direction="row" spacing={2} sx={{ flexShrink: 0 }}>
          <Button variant="outlined" component={RouterLink} to={SEARCH_PATH} startIcon={<SearchIcon />} sx={{ bgcolor: 'background.paper' }}>
            Search
          </Button>
          <AddApplicantButton />
        </Stack>
      </Stack>
      {state.status === 'loading' && <LoadingState label={`Loading the record of Employee Number ${employeeNumber}…`} />}
      {state.status === 'failed' && (
        <Box sx={{ mt: 2 }}>
          <Typography variant="h1" sx={{ mb: 2 }}>
            Applicant record
          </Typography>
          <ErrorAlert
            error={state.error}
            actions={
              <>
                <Button variant="contained" component={RouterLink} to={SEARCH_PATH} startIcon={<SearchIcon />}>
                  Search applicants
                </Button>
                {state.error.code !== 'APPLICANT_NOT_FOUND' && (
                  <Button variant="outlined" onClick={state.reload}>
                    Try again
                  </Button>
                )}
              </>
            }
          />
        </Box>
      )}
      {state.status === 'ready' && <ApplicantRecordView record={state.record} tab={isApplicantTab(tab) ? tab : 'details'} />}
    </Box>
  );
}

function ApplicantRecordView({ record, tab }: { record: ApplicantRecord; tab: ApplicantTab }) {
  const { applicant } = record;
  const { types } = useCredentialTypes();
  const location = useLocation();
  const justCreated = (location.state as { created?: boolean } | null)?.created === true;
  const headingRef = useRef<HTMLHeadingElement>(null);

  // After Submit, focus lands on the new record's heading (where the clerk reads the number),
  // every time: each arrival from Add Applicant is a new location, even when this view stays mounted.
  useEffect(() => {
    if (justCreated) headingRef.current?.focus();
  }, [justCreated, location.key, applicant.employeeNumber]);

  return (
    <>
      {justCreated && (
        <Alert severity="success" variant="filled" sx={{ mb: 2 }}>
          Applicant added. Give the applicant their Employee Number.
        </Alert>
      )}
      {applicant.mergedInto && <MergedNotice into={applicant.mergedInto} />}
      <Paper variant="outlined" sx={{ p: { xs: 2, md: 3 }, mb: 2 }}>
        <Stack direction={{ xs: 'column', md: 'row' }} spacing={3} sx={{ justifyContent: 'space-between', alignItems: { md: 'center' } }}>
          <Box sx={{ minWidth: 0 }}>
            <Typography variant="h1" ref={headingRef} tabIndex={-1} sx={{ mb: 1, outline: 'none', overflowWrap: 'anywhere' }}>
              {displayName(applicant)}
            </Typography>
            <Typography sx={{ color: 'text.secondary' }}>{credentialTypeName(types, applicant.credentialTypeId)}</Typography>
          </Box>
          <Box
            component="p"
            sx={{
              m: 0,
              px: 3,
              py: 1.5,
              borderRadius: 2,
              bgcolor: 'brand.plate',
              border: '2px solid',
              borderColor: 'primary.main',
              textAlign: 'center',
              flexShrink: 0,
            }}
          >
            <Box component="span" sx={{ display: 'block', typography: 'overline', color: 'primary.dark' }}>
              Employee Number
            </Box>{' '}
            <Box
              component="span"
              sx={{ display: 'block', fontSize: '2.75rem', fontWeight: 700, lineHeight: 1.1, letterSpacing: '0.08em', fontVariantNumeric: 'tabular-nums', color: 'brand.plateText' }}
            >
              {applicant.employeeNumber}
            </Box>
          </Box>
        </Stack>
      </Paper>

      <Paper variant="outlined">
        <Tabs value={tab} aria-label="Applicant record" sx={{ borderBottom: 1, borderColor: 'divider', px: 1 }}>
          {(Object.keys(TAB_LABELS) as ApplicantTab[]).map((t) => (
            <Tab
              key={t}
              value={t}
              label={TAB_LABELS[t]}
              id={`applicant-tab-${t}`}
              aria-controls={`applicant-tabpanel-${t}`}
              component={RouterLink}
              to={applicantPath(applicant.employeeNumber, t)}
              replace
            />
          ))}
        </Tabs>
        <Box role="tabpanel" id={`applicant-tabpanel-${tab}`} aria-labelledby={`applicant-tab-${tab}`} sx={{ p: { xs: 2, md: 3 } }}>
          {tab === 'details' && <DetailsTab applicant={applicant} />}
          {tab === 'credentials' && <CredentialsTab applicant={applicant} />}
          {tab === 'history' && <HistoryTab employeeNumber={applicant.employeeNumber} history={record.history} />}
        </Box>
      </Paper>
    </>
  );
}

/** A record merged after a possible duplicate was reviewed: the person's record is now the other one. */
function MergedNotice({ into }: { into: string }) {
  return (
    <Alert severity="warning" variant="outlined" sx={{ mb: 2, bgcolor: 'background.paper' }}>
      <AlertTitle>
        This record was merged into{' '}
        <Link component={RouterLink} to={applicantPath(into)}>
          {into}
        </Link>
      </AlertTitle>
      It is kept for the history. Use Employee Number {into} for this person from now on.
    </Alert>
  );
}
