import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';

const STATES = ['open', 'approved', 'rejected', 'applied', 'failed', 'stale'] as const;
const DURATION = /^\d+[smhd]$/;

export class ReviewFieldDto {
  field!: string;
  /** Value at the baseline (what Plumbline last applied or confirmed). */
  @ApiProperty({ nullable: true })
  base!: unknown;
  /** Value on the target when the item was made. */
  @ApiProperty({ nullable: true })
  current!: unknown;
  /** Value the source proposes. */
  @ApiProperty({ nullable: true })
  proposed!: unknown;
  isReference?: boolean;
  /** Both sides changed the field, differently. */
  isConflict?: boolean;
}

export class ReviewSourceDto {
  /** `target`, or the name of the source. */
  name!: string;
  observedAt!: string | null;
}

export class ReviewCommentDto {
  id!: string;
  author!: string;
  body!: string;
  createdAt!: Date;
}

export class ReviewItemDto {
  id!: string;
  @ApiProperty({ enum: STATES })
  state!: (typeof STATES)[number];
  connectorId!: string;
  objectType!: string;
  /** Natural key; parts are joined by U+001F. */
  objectKey!: string;
  action!: 'create' | 'update' | 'delete';
  fields!: ReviewFieldDto[];
  sources!: ReviewSourceDto[];
  /** The source proposing the change. */
  source!: string;
  /** The rule that sent it to review. */
  rule!: string;
  /** Why, in words. */
  reason!: string;
  createdAt!: Date;
  decidedBy!: string | null;
  decidedAt!: Date | null;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true })
  editedValues!: Record<string, unknown> | null;
  appliedAt!: Date | null;
  /** Why applying failed, or what made the item stale. */
  outcome!: string | null;
  comments?: ReviewCommentDto[];
}

export class ReviewFilterDto {
  /** Comma-separated states, e.g. `open,stale`. */
  @IsOptional()
  @Matches(
    /^(open|approved|rejected|applied|failed|stale)(,(open|approved|rejected|applied|failed|stale))*$/,
    {
      message:
        'state must be a comma-separated list of open, approved, rejected, applied, failed, stale',
    },
  )
  state?: string;

  @IsOptional()
  @Matches(/^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$/, {
    message: 'objectType must be an object type such as dcim.device',
  })
  objectType?: string;

  @IsOptional()
  @IsString()
  @MaxLength(100)
  source?: string;

  /** Items whose change holds this field. */
  @IsOptional()
  @IsString()
  @MaxLength(100)
  field?: string;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  rule?: string;

  /** Only items older than this, e.g. `24h`, `7d`. */
  @IsOptional()
  @Matches(DURATION, { message: 'olderThan must be a duration such as 30m, 24h or 7d' })
  olderThan?: string;

  /** Only items newer than this. */
  @IsOptional()
  @Matches(DURATION, { message: 'newerThan must be a duration such as 30m, 24h or 7d' })
  newerThan?: string;
}

export class ListReviewsQueryDto extends ReviewFilterDto {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  offset?: number;
}

export class ReviewListDto {
  items!: ReviewItemDto[];
  /** Items matching the filter. */
  total!: number;
  /** Items matching the filter apart from `state`, per state. */
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' } })
  counts!: Record<string, number>;
}

export class ApproveReviewDto {
  /** Values to write instead of the proposed ones, by field name. */
  @IsOptional()
  @IsObject()
  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  values?: Record<string, unknown>;

  @IsOptional()
  @IsString()
  @MaxLength(4000)
  comment?: string;
}

export class RejectReviewDto {
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  comment?: string;
}

export class AddCommentDto {
  @IsString()
  @MinLength(1)
  @MaxLength(4000)
  body!: string;
}

export class BulkDecisionDto {
  @IsIn(['approve', 'reject'])
  decision!: 'approve' | 'reject';

  /** The items to decide; or give `filter`. */
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @IsUUID('all', { each: true })
  ids?: string[];

  /** Decide every open item matching this filter (up to 1000). */
  @IsOptional()
  @ValidateNested()
  @Type(() => ReviewFilterDto)
  filter?: ReviewFilterDto;

  @IsOptional()
  @IsString()
  @MaxLength(4000)
  comment?: string;
}

export class BulkItemResultDto {
  id!: string;
  /** The item's state afterwards, or `error`. */
  state!: string;
  error?: string;
}

export class BulkResultDto {
  results!: BulkItemResultDto[];
}

export class AuditEntryDto {
  id!: string;
  itemId!: string;
  actor!: string;
  event!: string;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true })
  values!: Record<string, unknown> | null;
  comment!: string | null;
  at!: Date;
}

export class ListAuditQueryDto {
  @IsOptional()
  @IsUUID()
  itemId?: string;

  @IsOptional()
  @IsString()
  @MaxLength(320)
  actor?: string;

  @IsOptional()
  @IsIn(['created', 'approved', 'rejected', 'commented', 'applied', 'failed', 'stale'])
  event?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
}
