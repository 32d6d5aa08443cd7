import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';

export class RecordInputDto {
  /** Object type, e.g. `dcim.device`. */
  @Matches(/^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$/, {
    message: 'type must be an object type such as dcim.device',
  })
  type!: string;

  /** Attribute values by name (the natural-key fields among them). */
  @IsOptional()
  @IsObject()
  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  attrs?: Record<string, unknown>;

  /** References by field: the natural key of the referenced record (a list for compound keys). */
  @IsOptional()
  @IsObject()
  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  refs?: Record<string, unknown>;

  /** External ids of the record in other systems. */
  @IsOptional()
  @IsObject()
  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  ids?: Record<string, string | number>;
}

export class ProposeChangesDto {
  /** The system proposing the change, e.g. `cmdb` or `discovery`. */
  @IsString()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/, {
    message: 'source must be a name of letters, digits, ".", "_", ":" or "-"',
  })
  source!: string;

  /** When the source observed these values (ISO 8601); defaults to now. */
  @IsOptional()
  @IsISO8601({ strict: true })
  observedAt?: string;

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => RecordInputDto)
  records!: RecordInputDto[];
}

export class ChangeOutcomeDto {
  type!: string;
  /** Natural key; parts are joined by U+001F. */
  key!: string;
  @ApiProperty({ enum: ['create', 'update', 'delete'] })
  action!: 'create' | 'update' | 'delete';
  /** What the policy decided. */
  @ApiProperty({ enum: ['apply', 'drop', 'review'] })
  decision!: 'apply' | 'drop' | 'review';
  /** The rule that decided. */
  rule!: string;
  /** Why, in words. */
  why!: string;
  /** Fields written now (the rest, if any, wait for review). */
  appliedFields!: string[];
  /** Whether writing what was applicable failed. */
  @MaxLength(4000)
  error!: string | null;
  /** The review item holding the contested fields. */
  reviewItemId!: string | null;
  /** `queued`, `duplicate` (already open) or `suppressed` (rejected before); null without review. */
  reviewStatus!: string | null;
}

export class ProposeChangesResultDto {
  /** Records that already match the instance. */
  unchanged!: number;
  outcomes!: ChangeOutcomeDto[];
}
