import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';

const DECISIONS = ['corrected', 'review', 'accepted', 'failed'] as const;
const TRIGGERS = ['webhook', 'reconciler'] as const;

export class ListDriftQueryDto {
  @IsOptional()
  @IsUUID()
  connectorId?: string;

  /** Object type, e.g. `dcim.device`. */
  @IsOptional()
  @Matches(/^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$/, {
    message: 'objectType must be an object type such as dcim.device',
  })
  objectType?: string;

  /** Natural key of the record (parts joined by U+001F). */
  @IsOptional()
  @MaxLength(2000)
  key?: string;

  @IsOptional()
  @ApiPropertyOptional({ enum: DECISIONS })
  @IsIn(DECISIONS)
  decision?: (typeof DECISIONS)[number];

  /** Only events detected at or after this time (ISO 8601). */
  @IsOptional()
  @IsISO8601({ strict: true })
  since?: string;

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

export class DriftFieldDto {
  field!: string;
  /** The ingested value. */
  @ApiProperty({ nullable: true })
  intended!: unknown;
  /** What the instance held; null for a deleted object. */
  @ApiProperty({ nullable: true })
  live!: unknown;
}

export class DriftEventDto {
  id!: string;
  connectorId!: string;
  objectType!: string;
  /** Natural key; parts are joined by U+001F. */
  objectKey!: string;
  @ApiProperty({ enum: TRIGGERS })
  trigger!: (typeof TRIGGERS)[number];
  fields!: DriftFieldDto[];
  /** The instance had deleted the object. */
  isDeleted!: boolean;
  /** `corrected` (intended values written back), `review` (queued), `accepted`, `failed`. */
  @ApiProperty({ enum: DECISIONS })
  decision!: (typeof DECISIONS)[number];
  error!: string | null;
  /** The review item (decision `review`); null when an operator rejected the same proposal before. */
  reviewItemId!: string | null;
  detectedAt!: Date;
}

export class DriftEventListDto {
  items!: DriftEventDto[];
  total!: number;
}

export class WebhookAnswerDto {
  /** `queued`: a drift check of the object was queued; `ignored`: nothing to check (see reason). */
  @ApiProperty({ enum: ['queued', 'ignored'] })
  status!: 'queued' | 'ignored';
  reason!: string | null;
  connectorId!: string | null;
  objectType!: string | null;
  objectKey!: string | null;
}
