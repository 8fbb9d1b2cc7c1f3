import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Typography from '@mui/material/Typography';
import type { AuditEntry } from '../../../shared/contract';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadingState } from '../../components/LoadingState';
import { AuditTable } from '../audit/AuditTable';
import { useAudit } from '../audit/use-audit';

/** Failures after which the record's own history is still worth showing (a station older than the audit trail). */
const FALL_BACK_ON = new Set(['FORBIDDEN_ROLE', 'UNKNOWN_CHANNEL']);

/**
 * What happened to this person, newest first: the audit trail's entries for their
 * Employee Number (When, Action, Operator, Station, Summary), which every operator may
 * read. Where the station cannot answer that, the History the record carries is shown
 * in the same columns.
 */
export function HistoryTab({ employeeNumber, history }: { employeeNumber: string; history: readonly AuditEntry[] }) {
  const audit = useAudit({ employeeNumber, text: '' });
  const fallBack = audit.status === 'failed' && FALL_BACK_ON.has(audit.error.code);

  if (!fallBack && audit.status === 'loading') return <LoadingState label="Loading the history…" />;
  if (!fallBack && audit.status === 'failed') {
    return (
      <ErrorAlert
        error={audit.error}
        actions={
          <Button variant="contained" onClick={audit.reload}>
            Try again
          </Button>
        }
      />
    );
  }
  const entries = fallBack ? [...history].sort((a, b) => b.at.localeCompare(a.at) || b.seq - a.seq) : (audit.page?.entries ?? []);
  if (entries.length === 0) {
    return <Typography sx={{ py: 2 }}>No history is recorded for this applicant.</Typography>;
  }
  return (
    <Box>
      <AuditTable entries={entries} label="History" showPerson={false} />
    </Box>
  );
}
