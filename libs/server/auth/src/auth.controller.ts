import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { type AuthenticatedPrincipal, Public } from './auth.constants';
import { AuthService } from './auth.service';
import { CurrentPrincipal } from './current-principal.decorator';
import { RequireScopes } from './scopes';
import { LoginRequestDto, LoginResponseDto, PrincipalDto } from './dto/login.dto';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  /** Exchange an e-mail and password for a bearer token. */
  @Public()
  @Post('login')
  @HttpCode(200)
  login(@Body() body: LoginRequestDto): Promise<LoginResponseDto> {
    return this.auth.login(body.email, body.password);
  }

  /** The user or client the presented token belongs to, with its scopes. Any valid token. */
  @ApiBearerAuth()
  @RequireScopes()
  @Get('me')
  me(@CurrentPrincipal() principal: AuthenticatedPrincipal): PrincipalDto {
    return principal;
  }
}
