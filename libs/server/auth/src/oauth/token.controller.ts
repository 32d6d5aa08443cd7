import { Body, Controller, Header, Headers, HttpCode, Post, UseFilters } from '@nestjs/common';
import { ApiBody, type ApiBodyOptions, ApiConsumes, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth.constants';
import { TokenErrorFilter } from './token-error.filter';
import { type TokenResponse, TokenService } from './token.service';

const TOKEN_REQUEST_BODY: ApiBodyOptions = {
  schema: {
    type: 'object',
    required: ['grant_type'],
    properties: {
      grant_type: { type: 'string', enum: ['client_credentials'] },
      scope: { type: 'string', description: 'Space-separated; default: all of the client’s' },
      client_id: { type: 'string', description: 'With client_secret_post' },
      client_secret: { type: 'string', description: 'With client_secret_post' },
    },
  },
};

@ApiTags('oauth2')
@Controller('oauth2')
export class TokenController {
  constructor(private readonly tokens: TokenService) {}

  /**
   * OAuth2 client-credentials grant (RFC 6749 §4.4). Authenticate with HTTP Basic
   * (`client_secret_basic`) or `client_id` and `client_secret` in the body.
   */
  @Public()
  @Post('token')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @Header('Pragma', 'no-cache')
  @UseFilters(TokenErrorFilter)
  @ApiConsumes('application/x-www-form-urlencoded', 'application/json')
  @ApiBody(TOKEN_REQUEST_BODY)
  token(
    @Headers('authorization') authorization: string | undefined,
    @Body() body: unknown,
  ): Promise<TokenResponse> {
    return this.tokens.issue(authorization, body);
  }
}
