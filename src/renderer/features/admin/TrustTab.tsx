import Alert from '@mui/material/Alert';
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
import { useState } from 'react';
import type { TrustView } from '../../../shared/contract';
import { REVOCATION_LIST_MAX_AGE_HOURS } from '../../../shared/domain/operator';
import { useStation } from '../../app/station-context';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadingState } from '../../components/LoadingState';
import type { ClerkError } from '../../errors/clerk-messages';
import { formatLocal, formatRelative } from '../../lib/format-time';
import { useStationQuery } from '../../lib/use-station-query';
import { describeCallFailure } from '../../stores/station-info-store';
import { AdminSourceNotice } from './operators/AdminSourceNotice';

/** Station › Administration › Trust (issue 17): trusted operator CAs and the revocation list's freshness. */
export function TrustTab() {
  const station = useStation();
  const trust = useStationQuery((s) => s.adminTrust.get(), []);
  const [busy, setBusy] = useState<'ca' | 'refresh'>();
  const [failure, setFailure] = useState<ClerkError>();
  const [done, setDone] = useState<string>();

  const run = async (key: 'ca' | 'refresh', call: () => Promise<TrustView>, words: string) => {
    setBusy(key);
    setFailure(undefined);
    setDone(undefined);
    try {
      const view = await call();
      trust.update(() => view);
      setDone(words);
    } catch (error) {
      setFailure(describeCallFailure(error));
    } finally {
      setBusy(undefined);
    }
  };
  const addCa = async (file: File | undefined) => {
    if (!file) return;
    const bytes = new Uint8Array(await file.arrayBuffer());
    const text = new TextDecoder().decode(bytes);
    const certificate = text.includes('-----BEGIN') ? text : btoa(String.fromCharCode(...bytes));
    await run('ca', () => station.adminTrust.addCa({ certificate }), `The CA in ${file.name} is trusted: operator cards it issues can be added. Stations receive it with their next sync.`);
  };

  if (trust.error) return <ErrorAlert error={trust.error} actions={<Button onClick={trust.reload}>Try again</Button>} />;
  if (!trust.data) return <LoadingState label="Loading trust…" />;
  const view = trust.data;
  const readOnly = view.source.kind !== 'server';

  return (
    <Stack spacing={3}>
      <AdminSourceNotice source={view.source} what="the revocation list" />
      {done && <Alert severity="success" onClose={() => setDone(undefined)}>{done}</Alert>}
      {failure && <ErrorAlert error={failure} />}
      <section aria-labelledby="cas-heading">
        <Stack direction="row" sx={{ mb: 1, alignItems: 'center', justifyContent: 'space-between' }}>
          <Typography variant="h2" id="cas-heading">Trusted operator CAs</Typography>
          <Button variant="outlined" component="label" disabled={readOnly} loading={busy === 'ca'}>
            Add a CA certificate
            <input hidden type="file" accept=".pem,.crt,.cer,.der" aria-label="CA certificate file" onChange={(e) => void addCa(e.target.files?.[0])} />
          </Button>
        </Stack>
        {readOnly ? (
          <Typography color="text.secondary">The CAs' details are on the central server.</Typography>
        ) : (
          <TableContainer component={Paper} variant="outlined">
            <Table aria-labelledby="cas-heading" size="small">
              <TableHead>
                <TableRow>
                  <TableCell>Subject</TableCell>
                  <TableCell>Fingerprint (SHA-256)</TableCell>
                  <TableCell>Valid</TableCell>
                  <TableCell>Added</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {view.cas.map((ca) => (
                  <TableRow key={ca.fingerprint}>
                    <TableCell>{ca.subject}</TableCell>
                    <TableCell sx={{ fontFamily: 'monospace', wordBreak: 'break-all' }}>{ca.fingerprint}</TableCell>
                    <TableCell>{formatLocal(ca.validFrom)} – {formatLocal(ca.validTo)}</TableCell>
                    <TableCell>{formatLocal(ca.addedAt)}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </TableContainer>
        )}
      </section>
      <section aria-labelledby="crl-heading">
        <Stack direction="row" sx={{ mb: 1, alignItems: 'center', justifyContent: 'space-between' }}>
          <Typography variant="h2" id="crl-heading">Revocation list</Typography>
          <Button variant="outlined" disabled={readOnly} loading={busy === 'refresh'} onClick={() => void run('refresh', () => station.adminTrust.refresh(), 'This station has the central server\'s current revocation list.')}>
            Refresh now
          </Button>
        </Stack>
        <Typography sx={{ mb: 1 }}>
          {view.registryUpdatedAt && `Last changed on the server ${formatRelative(view.registryUpdatedAt)} (${formatLocal(view.registryUpdatedAt)}). `}
          {view.stationCheckedAt && `This station received it ${formatRelative(view.stationCheckedAt)}; `}
          {view.nextUpdateDueAt && `next update due by ${formatLocal(view.nextUpdateDueAt)} (a station refuses sign-in with a list older than ${REVOCATION_LIST_MAX_AGE_HOURS} hours).`}
        </Typography>
        {view.warning && <Alert severity="warning" sx={{ mb: 1 }}>{view.warning}</Alert>}
        {view.revokedCertificates.length === 0 ? (
          <Typography color="text.secondary">No certificate is revoked.</Typography>
        ) : (
          <TableContainer component={Paper} variant="outlined">
            <Table aria-labelledby="crl-heading" size="small">
              <TableHead>
                <TableRow>
                  <TableCell>Operator</TableCell>
                  <TableCell>Certificate (SHA-256)</TableCell>
                  <TableCell>Revoked</TableCell>
                  <TableCell>Reason</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {view.revokedCertificates.map((r) => (
                  <TableRow key={r.fingerprint}>
                    <TableCell>{r.operatorName ?? 'Not a registered operator'}</TableCell>
                    <TableCell sx={{ fontFamily: 'monospace' }}>{r.fingerprint.slice(0, 16)}…</TableCell>
                    <TableCell>{formatLocal(r.revokedAt)}</TableCell>
                    <TableCell>{r.reason}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </TableContainer>
        )}
      </section>
    </Stack>
  );
}
