import { OAUTH_ERROR_STATUSES } from '@plumbline/server-auth';
import { CHANGES_ERROR_STATUSES } from '@plumbline/server-changes';
import { CONNECTOR_ERROR_STATUSES } from '@plumbline/server-connectors';
import { DRIFT_ERROR_STATUSES } from '@plumbline/server-drift';
import { INGEST_ERROR_STATUSES } from '@plumbline/server-ingest';
import { type DomainErrorStatuses } from '@plumbline/server-observability';
import { POLICY_ERROR_STATUSES } from '@plumbline/server-policies';
import { REVIEW_ERROR_STATUSES } from '@plumbline/server-reviews';
import { SYSTEM_ERROR_STATUSES } from '@plumbline/server-system';

/** Every module's error names and the HTTP status each answers with. */
export const DOMAIN_ERROR_STATUSES: DomainErrorStatuses = {
  ...SYSTEM_ERROR_STATUSES,
  ...CONNECTOR_ERROR_STATUSES,
  ...POLICY_ERROR_STATUSES,
  ...REVIEW_ERROR_STATUSES,
  ...CHANGES_ERROR_STATUSES,
  ...OAUTH_ERROR_STATUSES,
  ...INGEST_ERROR_STATUSES,
  ...DRIFT_ERROR_STATUSES,
};
