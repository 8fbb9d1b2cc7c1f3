import Tooltip from '@mui/material/Tooltip';
import { FIELD_LABELS, type Applicant } from '../../../shared/domain/applicant';
import { FactList, type Fact } from '../../components/FactList';
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

  const rows: Fact[] = [
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

  return <FactList facts={rows} />;
}
