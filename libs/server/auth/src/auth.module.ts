import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, type AppConfig } from '@plumbline/server-config';
import { UserEntity } from '@plumbline/server-database';
import { AuthController } from './auth.controller';
import { GlobalAuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { JwtStrategy } from './jwt.strategy';
import { UsersRepository } from './users.repository';

@Module({
  imports: [
    PassportModule,
    TypeOrmModule.forFeature([UserEntity]),
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        secret: config.JWT_SECRET,
        signOptions: { algorithm: 'HS256', issuer: 'plumbline' },
        verifyOptions: { algorithms: ['HS256'], issuer: 'plumbline' },
      }),
    }),
  ],
  controllers: [AuthController],
  providers: [
    UsersRepository,
    AuthService,
    JwtStrategy,
    { provide: APP_GUARD, useClass: GlobalAuthGuard },
  ],
  exports: [AuthService],
})
export class AuthModule {}
