import { ApiProperty, PartialType } from '@nestjs/swagger';
import {
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';

const KINDS = ['netbox', 'nautobot'] as const;

export class CreateConnectorDto {
  /** Unique name, e.g. `nautobot-production`. Letters, digits, space, `.`, `_` and `-`. */
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  @Matches(/^[A-Za-z0-9][A-Za-z0-9 ._-]*$/, {
    message:
      'name may only hold letters, digits, spaces, ".", "_" and "-", and must start with a letter or digit',
  })
  name!: string;

  @ApiProperty({ enum: KINDS })
  @IsIn(KINDS)
  kind!: 'netbox' | 'nautobot';

  /** Base URL of the instance, without `/api`, e.g. `https://netbox.example.com`. */
  @IsUrl({ require_protocol: true, protocols: ['http', 'https'], require_tld: false })
  @MaxLength(2048)
  url!: string;

  /** API token. Stored encrypted; never returned. NetBox v2 tokens start with `nbt_`. */
  @IsString()
  @MinLength(1)
  @MaxLength(512)
  @Matches(/^[\x21-\x7e]+$/, { message: 'token must be printable ASCII without spaces' })
  token!: string;

  /**
   * Secret the instance signs its webhooks with (`X-Hook-Signature`, HMAC-SHA512), as set on
   * the NetBox webhook or Nautobot webhook. Stored encrypted; never returned. On update, an
   * empty string removes it.
   */
  @IsOptional()
  @IsString()
  @MaxLength(255)
  @Matches(/^([\x21-\x7e]{8,})?$/, {
    message: 'webhookSecret must be at least 8 printable ASCII characters without spaces',
  })
  webhookSecret?: string;

  /** Verify the instance's TLS certificate (default true). */
  @IsOptional()
  @IsBoolean()
  verifyTls?: boolean;

  /** REST API version to request from Nautobot, `MAJOR.MINOR`; omit for the server default. */
  @IsOptional()
  @Matches(/^\d+\.\d+$/, { message: 'apiVersion must look like MAJOR.MINOR, e.g. 2.4' })
  apiVersion?: string;

  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string;
}

export class UpdateConnectorDto extends PartialType(CreateConnectorDto) {}

export class ConnectorDto {
  id!: string;
  name!: string;
  kind!: 'netbox' | 'nautobot';
  url!: string;
  verifyTls!: boolean;
  apiVersion!: string | null;
  description!: string;
  /** A token is stored (it is never returned). */
  hasToken!: boolean;
  /** A webhook secret is stored (it is never returned): the instance's webhooks are accepted. */
  hasWebhookSecret!: boolean;
  createdAt!: Date;
  updatedAt!: Date;
}

export class ConnectionTestDto {
  /** The instance answered its status endpoint with the token. */
  ok!: boolean;

  /** HTTP status of the status endpoint, when it answered at all. */
  statusCode!: number | null;

  /** Version the instance reports, e.g. `4.7.3`. */
  version!: string | null;

  latencyMs!: number;

  /** Why the test failed. */
  error!: string | null;
}
