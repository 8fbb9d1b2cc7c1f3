import Box from '@mui/material/Box';
import Tooltip from '@mui/material/Tooltip';
import type { ReactNode } from 'react';
import { FIELD_LABELS, type Applicant } from '../../../shared/domain/applicant';
import { NotGiven } from '../../components/NotGiven';
import { formatLocal, formatUtc } from '../../lib/format-time';
import { useCredentialTypes } from '../../stores/credential-types-store';
import { useStationInfo } from '../../stores/station-info-store';

/** Everything recorded at enrollment, under the procedure's labels. */
export function DetailsTab({ applicant }: { applicant: Applicant }) {
  const { types } = useCredentialTypes();
  const station = useStationInfo();
  const type = types.find((t) => t.id === applicant.credentialTypeId);
  const stationLabel =
    station.info && station.info.stationId === applicant.stationId
      ? `${station.info.stationName} (this station)`
      : applicant.stationId;

  const rows: [string, ReactNode][] = [
    [FIELD_LABELS.firstName, applicant.firstName],
    [FIELD_LABELS.middleName, applicant.middleName || <NotGiven />],
    [FIELD_LABELS.lastName, applicant.lastName],
    [
      FIELD_LABELS.credentialTypeId,
      type ? `${type.name} (${type.policy.mobileCapable ? 'can carry a mobile PACS credential' : 'card only'})` : applicant.credentialTypeId,
    ],
    [FIELD_LABELS.externalLinkingKey, applicant.externalLinkingKey || <NotGiven />],
    [FIELD_LABELS.email, applicant.email || <NotGiven />],
    [FIELD_LABELS.userPrincipalName, applicant.userPrincipalName || <NotGiven />],
    ['EMPLOYEE NUMBER', applicant.employeeNumber],
    [
      'ADDED',
      <Tooltip key="added" title={formatUtc(applicant.createdAt)}>
        <time dateTime={applicant.createdAt}>{formatLocal(applicant.createdAt)}</time>
      </Tooltip>,
    ],
    ['ADDED BY', applicant.createdBy],
    ['STATION', stationLabel],
  ];

  return (
    <Box
      component="dl"
      sx={{
        m: 0,
        display: 'grid',
        gridTemplateColumns: { xs: '1fr', md: 'minmax(16em, max-content) 1fr' },
        columnGap: 4,
        rowGap: 0,
      }}
    >
      {rows.map(([label, value]) => (
        <Box key={label} sx={{ display: 'contents' }}>
          <Box component="dt" sx={{ ...cell, typography: 'overline', color: 'text.secondary', lineHeight: '1.9rem' }}>
            {label}
          </Box>
          <Box component="dd" sx={{ ...cell, m: 0, fontSize: '1.125rem', fontWeight: 500, overflowWrap: 'anywhere' }}>
            {value}
          </Box>
        </Box>
      ))}
    </Box>
  );
}

const cell = { py: 1.25, borderBottom: '1px solid', borderColor: 'divider' } as const;
