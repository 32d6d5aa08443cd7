import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Min } from 'class-validator';

export class StoredPolicyDto {
  /** The object type, e.g. `dcim.device`, or `*` for the settings shared by every type. */
  scope!: string;

  /** Starts at 1; every save that changes the policy adds one. */
  version!: number;

  /** The policy, complete (defaults filled in). */
  @ApiProperty({ type: 'object', additionalProperties: true })
  policy!: Record<string, unknown>;

  updatedBy!: string;
  updatedAt!: Date;
}

export class PolicyVersionDto {
  version!: number;

  /** `save`, `import` or `delete`. */
  action!: string;

  /** The policy as saved; null for a deletion. */
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true })
  policy!: Record<string, unknown> | null;

  savedBy!: string;
  savedAt!: Date;
}

export class SavePolicyQueryDto {
  /** Refuse the save (409) unless the stored policy is at this version. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  expectedVersion?: number;
}

export class PolicyWarningDto {
  /** Where in the file, e.g. `sync_policies.devices.conflict_resolution`. */
  field!: string;
  reason!: string;
}

export class PolicyImportResultDto {
  /** Scopes that got a new version. */
  changed!: string[];

  /** Scopes the file holds exactly as stored. */
  unchanged!: string[];

  /** Things the file says twice, differently, and how they were settled. */
  warnings!: PolicyWarningDto[];
}
