import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { ENTITY_OUTCOMES, INGESTION_STATES } from '@plumbline/server-database';

export class FieldProblemDto {
  /** The field, e.g. `name` or `device_type.model`. */
  field!: string;
  reason!: string;
  /** The connector whose instance refused the entity (failures only). */
  connector?: string;
}

export class RejectedEntityDto {
  /** Position of the entity in the request (0 for a single entity). */
  index!: number;
  problems!: FieldProblemDto[];
}

export class IngestAcceptedDto {
  ingestionId!: string;
  @ApiProperty({ enum: INGESTION_STATES })
  state!: string;
  /** Entities received. */
  total!: number;
  /** Entities taken on for the worker. */
  accepted!: number;
  /** Entities refused at once, with the field and the reason. */
  rejected!: RejectedEntityDto[];
  /** Names of the connectors the entities are applied to. */
  connectors!: string[];
  /** True when this answers a repeated request with the same Idempotency-Key. */
  isReplay!: boolean;
}

export class OutcomeCountsDto {
  pending!: number;
  created!: number;
  updated!: number;
  unchanged!: number;
  in_review!: number;
  rejected!: number;
  failed!: number;
  cancelled!: number;
}

export class IngestionDto {
  id!: string;
  objectType!: string;
  /** Provenance given to the entities: the client's (or user's) name. */
  source!: string;
  @ApiProperty({ enum: INGESTION_STATES })
  state!: string;
  total!: number;
  counts!: OutcomeCountsDto;
  connectorIds!: string[];
  idempotencyKey!: string | null;
  /** How many times a worker took it on (more than one after a lost job). */
  attempts!: number;
  acceptedAt!: string;
  startedAt!: string | null;
  finishedAt!: string | null;
  error!: string | null;
}

export class TargetOutcomeDto {
  @ApiProperty({ enum: ['created', 'updated', 'unchanged', 'in_review', 'failed'] })
  outcome!: string;
  /** Fields written. */
  fields?: string[];
  /** The instance's error, or why nothing was written. */
  error?: string;
  reviewItemId?: string;
}

export class IngestionEntityDto {
  position!: number;
  /** Natural key, parts joined with " / ". */
  key!: string | null;
  @ApiProperty({ enum: ENTITY_OUTCOMES })
  outcome!: string;
  reasons!: FieldProblemDto[] | null;
  /** Outcome per connector name. */
  @ApiProperty({
    type: 'object',
    additionalProperties: { $ref: '#/components/schemas/TargetOutcomeDto' },
  })
  targets!: Record<string, TargetOutcomeDto> | null;
  finishedAt!: string | null;
}

export class IngestionDetailDto extends IngestionDto {
  entities!: IngestionEntityDto[];
  /** Entities matching the filter, for paging. */
  entityTotal!: number;
}

export class IngestionPageDto {
  items!: IngestionDto[];
  total!: number;
}

export class IngestionEntitiesQueryDto {
  @IsOptional()
  @IsIn(ENTITY_OUTCOMES)
  @ApiProperty({ enum: ENTITY_OUTCOMES, required: false })
  outcome?: (typeof ENTITY_OUTCOMES)[number];

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  offset?: number;

  /** Entities per page (default 100, at most 1000). */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;
}

export class IngestionListQueryDto {
  @IsOptional()
  @IsIn(INGESTION_STATES)
  @ApiProperty({ enum: INGESTION_STATES, required: false })
  state?: (typeof INGESTION_STATES)[number];

  @IsOptional()
  @IsString()
  @MaxLength(100)
  @Matches(/^[a-z_]+\.[a-z_]+$/, { message: 'objectType must look like app_label.model' })
  objectType?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  offset?: number;

  /** Ingestions per page (default 50, at most 500). */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
}

export class QueueDepthDto {
  waiting!: number;
  active!: number;
  delayed!: number;
  failed!: number;
}

export class IngestionStateCountsDto {
  accepted!: number;
  running!: number;
  completed!: number;
  cancelled!: number;
}

export class SyncStatusDto {
  /** Start of the window the counts cover (open ingestions are always counted). */
  since!: string;
  ingestions!: IngestionStateCountsDto;
  entities!: OutcomeCountsDto;
  /** Oldest ingestion still waiting or running. */
  oldestOpenAcceptedAt!: string | null;
  /** Jobs per queue and state. */
  @ApiProperty({
    type: 'object',
    additionalProperties: { $ref: '#/components/schemas/QueueDepthDto' },
  })
  queues!: Record<string, QueueDepthDto>;
  /** Jobs committed in PostgreSQL and not yet handed to Redis. */
  outboxPending!: number;
}

export class SyncStatusQueryDto {
  /** Window in hours (default 24, at most 720). */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(720)
  hours?: number;
}
