import { ApiProperty } from '@nestjs/swagger';
import {
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';

const SCOPE_VALUES = ['read', 'ingest', 'review', 'admin'] as const;
type ScopeValue = (typeof SCOPE_VALUES)[number];

export class CreateOAuthClientDto {
  /** Unique name, e.g. `n8n-discovery`. Letters, digits, `.`, `_` and `-`. */
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, {
    message:
      'name may only hold letters, digits, ".", "_" and "-", and must start with a letter or digit',
  })
  name!: string;

  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string;

  /** What the client's tokens may do: any of `read`, `ingest`, `review`, `admin`. */
  @ApiProperty({ enum: SCOPE_VALUES, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(SCOPE_VALUES, { each: true })
  scopes!: ScopeValue[];
}

export class OAuthClientDto {
  id!: string;
  /** Identifier to present at `POST /oauth2/token`. */
  clientId!: string;
  name!: string;
  description!: string;
  @ApiProperty({ enum: SCOPE_VALUES, isArray: true })
  scopes!: ScopeValue[];
  isDisabled!: boolean;
  createdAt!: Date;
  updatedAt!: Date;
  secretRotatedAt!: Date | null;
  /** When the client last got a token or called the API (to the minute). */
  lastUsedAt!: Date | null;
}

export class OAuthClientWithSecretDto extends OAuthClientDto {
  /** The client secret. Shown this once; only a hash is stored. */
  clientSecret!: string;
}

export class RotatedSigningKeyDto {
  /** Key id of the new active signing key (the `kid` of tokens issued from now on). */
  kid!: string;
}
