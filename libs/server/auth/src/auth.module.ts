import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, type AppConfig } from '@plumbline/server-config';
import { OAuthClientEntity, OAuthSigningKeyEntity, UserEntity } from '@plumbline/server-database';
import { AuthController } from './auth.controller';
import { GlobalAuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { JwtStrategy } from './jwt.strategy';
import { AccessTokenVerifier } from './oauth/access-token-verifier';
import { OAuthClientsController } from './oauth/oauth-clients.controller';
import { OAuthClientsRepository } from './oauth/oauth-clients.repository';
import { OAuthClientsService } from './oauth/oauth-clients.service';
import { JwksController, SigningKeysController } from './oauth/signing-keys.controller';
import { SigningKeysRepository } from './oauth/signing-keys.repository';
import { SigningKeysService } from './oauth/signing-keys.service';
import { TokenController } from './oauth/token.controller';
import { TokenService } from './oauth/token.service';
import { TrustedIssuersService } from './oauth/trusted-issuers.service';
import { UsersRepository } from './users.repository';

@Module({
  imports: [
    PassportModule,
    TypeOrmModule.forFeature([UserEntity, OAuthClientEntity, OAuthSigningKeyEntity]),
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        secret: config.JWT_SECRET,
        signOptions: { algorithm: 'HS256', issuer: 'plumbline' },
        verifyOptions: { algorithms: ['HS256'], issuer: 'plumbline' },
      }),
    }),
  ],
  controllers: [
    AuthController,
    TokenController,
    JwksController,
    SigningKeysController,
    OAuthClientsController,
  ],
  providers: [
    UsersRepository,
    AuthService,
    OAuthClientsRepository,
    OAuthClientsService,
    SigningKeysRepository,
    SigningKeysService,
    TrustedIssuersService,
    TokenService,
    AccessTokenVerifier,
    JwtStrategy,
    { provide: APP_GUARD, useClass: GlobalAuthGuard },
  ],
  exports: [AuthService],
})
export class AuthModule {}
