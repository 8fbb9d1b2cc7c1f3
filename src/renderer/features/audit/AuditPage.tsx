import DownloadIcon from '@mui/icons-material/Download';
import SearchIcon from '@mui/icons-material/Search';
import VerifiedIcon from '@mui/icons-material/Verified';
import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import CircularProgress from '@mui/material/CircularProgress';
import InputAdornment from '@mui/material/InputAdornment';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import type { ChainCheck } from '../../../shared/contract';
import { useDocumentTitle } from '../../app/use-document-title';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadingState } from '../../components/LoadingState';
import type { ClerkError } from '../../errors/clerk-messages';
import { useCan } from '../../stores/session-store';
import { describeCallFailure } from '../../stores/station-info-store';
import { AuditTable } from './AuditTable';
import { chainHeadline, entriesWords } from './audit-words';
import { downloadExport } from './download';
import { useSettled } from '../../lib/use-settled';
import { AUDIT_LIMIT, useAudit } from './use-audit';
import { useStation } from '../../app/station-context';

type Format = 'csv' | 'bundle';

/** Station › Audit trail: every action on this station, hash-linked and signed, with the chain's check and exports for auditors. */
export function AuditPage() {
  const station = useStation();
  useDocumentTitle('Audit trail');
  const can = useCan('audit.view');
  const [text, setText] = useState('');
  const settled = useSettled(text.trim());
  const audit = useAudit({ text: settled }, can.allowed);
  const [exporting, setExporting] = useState<Format>();
  const [exportFailure, setExportFailure] = useState<ClerkError>();
  const [exported, setExported] = useState<string>();

  const exportAs = async (format: Format) => {
    setExporting(format);
    setExportFailure(undefined);
    setExported(undefined);
    try {
      const file = await station.audit.export({ format });
      downloadExport(file);
      setExported(file.fileName);
    } catch (reason) {
      setExportFailure(describeCallFailure(reason));
    } finally {
      setExporting(undefined);
    }
  };

  return (
    <Box>
      <Stack direction={{ xs: 'column', md: 'row' }} spacing={2} sx={{ justifyContent: 'space-between', alignItems: { md: 'center' }, mt: 1, mb: 2 }}>
        <Typography variant="h1">Audit trail</Typography>
        <Stack direction="row" spacing={1.5} useFlexGap sx={{ flexWrap: 'wrap' }}>
          <ExportButton format="csv" label="Export CSV" exporting={exporting} disabled={!can.allowed} onClick={exportAs} />
          <ExportButton format="bundle" label="Export signed bundle" exporting={exporting} disabled={!can.allowed} onClick={exportAs} />
        </Stack>
      </Stack>
      {!can.allowed && (
        <Alert severity="info" variant="outlined" sx={{ mb: 2, bgcolor: 'background.paper' }}>
          {can.reason}
        </Alert>
      )}
      {exportFailure && (
        <Box sx={{ mb: 2 }}>
          <ErrorAlert error={exportFailure} />
        </Box>
      )}
      {exported && (
        <Alert severity="success" variant="outlined" role="status" onClose={() => setExported(undefined)} sx={{ mb: 2, bgcolor: 'background.paper' }}>
          Saved as {exported} in your downloads.
        </Alert>
      )}
      {can.allowed && audit.status === 'loading' && <LoadingState label="Checking the audit trail…" />}
      {can.allowed && audit.status === 'failed' && (
        <ErrorAlert
          error={audit.error}
          actions={
            <Button variant="contained" onClick={audit.reload}>
              Try again
            </Button>
          }
        />
      )}
      {can.allowed && audit.status === 'ready' && (
        <Stack spacing={2}>
          <ChainBanner chain={audit.page.chain} />
          <Paper variant="outlined">
            <Box sx={{ p: 2, pb: 1 }}>
              <TextField
                label="Search the audit trail"
                value={text}
                onChange={(e) => setText(e.target.value)}
                fullWidth
                helperText="Action, operator, Employee Number or words of the summary"
                slotProps={{
                  htmlInput: { maxLength: 200 },
                  input: {
                    startAdornment: (
                      <InputAdornment position="start">
                        <SearchIcon aria-hidden />
                      </InputAdornment>
                    ),
                  },
                }}
              />
              <Typography role="status" sx={{ mt: 1.5, color: 'text.secondary' }}>
                {resultWords(audit.page.entries.length, audit.page.total, settled)}
              </Typography>
            </Box>
            {audit.page.entries.length > 0 && <AuditTable entries={audit.page.entries} label="Audit trail" />}
          </Paper>
        </Stack>
      )}
    </Box>
  );
}

function resultWords(shown: number, total: number, text: string): string {
  const matching = text === '' ? entriesWords(total) : `${entriesWords(total)} match “${text}”`;
  if (total === 0) return text === '' ? 'Nothing recorded yet.' : `No entries match “${text}”.`;
  return shown < total ? `${matching}; the newest ${Math.min(shown, AUDIT_LIMIT)} are shown. Export to see them all.` : `${matching}, newest first.`;
}

function ExportButton({
  format,
  label,
  exporting,
  disabled,
  onClick,
}: {
  format: Format;
  label: string;
  exporting: Format | undefined;
  disabled: boolean;
  onClick: (format: Format) => Promise<void>;
}) {
  const busy = exporting === format;
  return (
    <Button
      variant="outlined"
      startIcon={busy ? <CircularProgress size={18} color="inherit" aria-hidden /> : <DownloadIcon />}
      disabled={disabled || exporting !== undefined}
      onClick={() => void onClick(format)}
      sx={{ bgcolor: 'background.paper' }}
    >
      {busy ? 'Exporting…' : label}
    </Button>
  );
}

/** Green when every entry is linked and signed (and reaches what the server holds); red with each finding otherwise. */
export function ChainBanner({ chain }: { chain: ChainCheck }) {
  if (chain.ok) {
    return (
      <Alert severity="success" variant="outlined" icon={<VerifiedIcon />} sx={{ bgcolor: 'brand.goodPanel', borderColor: 'success.main' }}>
        <AlertTitle sx={{ mb: 0 }}>{chainHeadline(chain)}</AlertTitle>
      </Alert>
    );
  }
  return (
    <Alert severity="error" variant="outlined" sx={{ bgcolor: 'brand.badPanel' }}>
      <AlertTitle>{chainHeadline(chain)}</AlertTitle>
      <Box component="ul" sx={{ m: 0, pl: 2.5 }}>
        {chain.findings.map((finding, i) => (
          <li key={`${finding.seq ?? 'none'}-${finding.problem}-${i}`}>{finding.message}</li>
        ))}
      </Box>
      <Typography sx={{ mt: 1 }}>
        Someone or something changed this station&apos;s records outside the station. Do not delete anything: click Export signed bundle and give
        it to your system administrator.
      </Typography>
    </Alert>
  );
}
