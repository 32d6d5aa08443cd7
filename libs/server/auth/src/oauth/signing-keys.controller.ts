import { Controller, Get, Header, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth.constants';
import { RequireScopes } from '../scopes';
import { RotatedSigningKeyDto } from './dto/oauth-client.dto';
import { SigningKeysService } from './signing-keys.service';

@ApiTags('oauth2')
@Controller('.well-known')
export class JwksController {
  constructor(private readonly keys: SigningKeysService) {}

  /** Public keys that verify Plumbline's access tokens (the active and recently retired ones). */
  @Public()
  @Get('jwks.json')
  @Header('Cache-Control', 'public, max-age=60')
  async jwks(): Promise<{ keys: object[] }> {
    return { keys: await this.keys.publishedKeys() };
  }
}

@ApiTags('oauth2')
@ApiBearerAuth()
@RequireScopes('admin')
@Controller('oauth2/keys')
export class SigningKeysController {
  constructor(private readonly keys: SigningKeysService) {}

  /** Start signing with a new key; tokens signed with the old one stay valid until they expire. */
  @Post('rotate')
  @HttpCode(200)
  async rotate(): Promise<RotatedSigningKeyDto> {
    return { kid: await this.keys.rotate() };
  }
}
