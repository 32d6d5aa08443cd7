import { Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { APP_CONFIG, type AppConfig } from '@plumbline/server-config';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { type AuthenticatedPrincipal } from './auth.constants';
import { AuthService } from './auth.service';

@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly auth: AuthService,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      secretOrKey: config.JWT_SECRET,
      algorithms: ['HS256'],
      issuer: 'plumbline',
    });
  }

  async validate(payload: { sub: string }): Promise<AuthenticatedPrincipal> {
    const principal = await this.auth.principalFor(payload.sub);
    if (!principal) throw new UnauthorizedException('The user behind this token no longer exists');
    return principal;
  }
}
