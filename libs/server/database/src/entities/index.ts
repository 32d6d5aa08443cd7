import { BaselineEntity } from './baseline.entity';
import { ConnectorEntity } from './connector.entity';
import { DriftEventEntity } from './drift-event.entity';
import { IngestedRecordEntity, IngestionEntity, IngestionEntityRow } from './ingestion.entity';
import { OAuthClientEntity, OAuthSigningKeyEntity } from './oauth.entity';
import { OutboxMessageEntity } from './outbox-message.entity';
import {
  ReviewAuditEntity,
  ReviewCommentEntity,
  ReviewItemEntity,
  ReviewRejectionEntity,
} from './review.entity';
import { SyncPolicyEntity, SyncPolicyVersionEntity } from './sync-policy.entity';
import { SystemHeartbeatEntity } from './system-heartbeat.entity';
import { UserEntity } from './user.entity';

export * from './baseline.entity';
export * from './connector.entity';
export * from './drift-event.entity';
export * from './ingestion.entity';
export * from './oauth.entity';
export * from './outbox-message.entity';
export * from './review.entity';
export * from './sync-policy.entity';
export * from './system-heartbeat.entity';
export * from './user.entity';

export const ENTITIES = [
  UserEntity,
  OutboxMessageEntity,
  SystemHeartbeatEntity,
  ConnectorEntity,
  SyncPolicyEntity,
  SyncPolicyVersionEntity,
  ReviewItemEntity,
  ReviewCommentEntity,
  ReviewAuditEntity,
  ReviewRejectionEntity,
  BaselineEntity,
  OAuthClientEntity,
  OAuthSigningKeyEntity,
  IngestionEntity,
  IngestionEntityRow,
  IngestedRecordEntity,
  DriftEventEntity,
];
