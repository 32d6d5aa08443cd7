import { Injectable, UnauthorizedException } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { type Request } from 'express';
import { type JwtPayload } from 'jsonwebtoken';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { type AuthenticatedPrincipal } from './auth.constants';
import {
  ACCEPTED_ALGORITHMS,
  AccessTokenVerifier,
  type TokenSource,
} from './oauth/access-token-verifier';

/** The source decided while picking the key, for validate() on the same request. */
const sources = new WeakMap<Request, TokenSource>();

/**
 * One passport strategy for every bearer token: users' login tokens (HS256), our clients'
 * access tokens (ES256, by kid) and tokens from trusted external issuers (their JWKS).
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(private readonly verifier: AccessTokenVerifier) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      algorithms: [...ACCEPTED_ALGORITHMS],
      passReqToCallback: true,
      secretOrKeyProvider: (
        request: Request,
        rawToken: string,
        done: (error: unknown, key?: string | Buffer) => void,
      ) => {
        verifier.resolveKey(rawToken).then(
          ({ source, key }) => {
            sources.set(request, source);
            done(null, key as string | Buffer);
          },
          (error: unknown) => done(error),
        );
      },
    });
  }

  async validate(request: Request, payload: JwtPayload): Promise<AuthenticatedPrincipal> {
    const source = sources.get(request);
    const principal = source ? await this.verifier.principalFor(source, payload) : null;
    if (!principal) {
      throw new UnauthorizedException('The user or client behind this token is no longer valid');
    }
    return principal;
  }
}
