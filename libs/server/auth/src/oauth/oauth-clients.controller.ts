import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
} from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { RequireScopes } from '../scopes';
import {
  CreateOAuthClientDto,
  OAuthClientDto,
  OAuthClientWithSecretDto,
} from './dto/oauth-client.dto';
import { OAuthClientsService } from './oauth-clients.service';

@ApiTags('clients')
@ApiBearerAuth()
@RequireScopes('admin')
@Controller('clients')
export class OAuthClientsController {
  constructor(private readonly clients: OAuthClientsService) {}

  /** Register an OAuth2 client. The answer holds its secret, shown this once. */
  @Post()
  create(@Body() body: CreateOAuthClientDto): Promise<OAuthClientWithSecretDto> {
    return this.clients.create(body);
  }

  /** Every client (secrets are never returned). */
  @Get()
  list(): Promise<OAuthClientDto[]> {
    return this.clients.list();
  }

  /** One client. */
  @Get(':id')
  get(@Param('id', new ParseUUIDPipe()) id: string): Promise<OAuthClientDto> {
    return this.clients.get(id);
  }

  /** Refuse new tokens to the client; its current tokens stop working within 30 s. */
  @Post(':id/disable')
  @HttpCode(200)
  disable(@Param('id', new ParseUUIDPipe()) id: string): Promise<OAuthClientDto> {
    return this.clients.setDisabled(id, true);
  }

  /** Let a disabled client get tokens again. */
  @Post(':id/enable')
  @HttpCode(200)
  enable(@Param('id', new ParseUUIDPipe()) id: string): Promise<OAuthClientDto> {
    return this.clients.setDisabled(id, false);
  }

  /** Replace the secret; the old one stops working at once. The new one is shown this once. */
  @Post(':id/rotate-secret')
  @HttpCode(200)
  rotateSecret(@Param('id', new ParseUUIDPipe()) id: string): Promise<OAuthClientWithSecretDto> {
    return this.clients.rotateSecret(id);
  }

  /** Delete the client; its tokens stop working within 30 s. */
  @Delete(':id')
  @HttpCode(204)
  remove(@Param('id', new ParseUUIDPipe()) id: string): Promise<void> {
    return this.clients.remove(id);
  }
}
