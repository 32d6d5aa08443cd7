import { CreateUsersOutboxAndHeartbeats1795313781262 } from './1795313781262-create-users-outbox-and-heartbeats';
import { CreateConnectors1795315767220 } from './1795315767220-create-connectors';
import { CreateSyncPolicies1795316158005 } from './1795316158005-create-sync-policies';
import { CreateReviewQueue1795316791487 } from './1795316791487-create-review-queue';
import { CreateBaselines1795317050935 } from './1795317050935-create-baselines';
import { CreateIngestions1795323315685 } from './1795323315685-create-ingestions';
import { CreateOauthClientsAndKeys1795323756347 } from './1795323756347-create-oauth-clients-and-keys';
import { CreateDriftEventsAndWebhookSecrets1795323925675 } from './1795323925675-create-drift-events-and-webhook-secrets';
import { IndexBaselinePeerIds1795328918901 } from './1795328918901-index-baseline-peer-ids';

/** Every migration, oldest first. `plumbline-admin migration:generate` adds to this list. */
export const MIGRATIONS: Array<new () => unknown> = [
  CreateUsersOutboxAndHeartbeats1795313781262,
  CreateConnectors1795315767220,
  CreateSyncPolicies1795316158005,
  CreateReviewQueue1795316791487,
  CreateBaselines1795317050935,
  CreateIngestions1795323315685,
  CreateOauthClientsAndKeys1795323756347,
  CreateDriftEventsAndWebhookSecrets1795323925675,
  IndexBaselinePeerIds1795328918901,
];
