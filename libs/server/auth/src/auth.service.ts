import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  UnauthorizedException,
} from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { APP_CONFIG, type AppConfig } from '@plumbline/server-config';
import { type AuthenticatedPrincipal } from './auth.constants';
import { scopesForRole } from './scopes';
import { type LoginResponseDto } from './dto/login.dto';
import { hashPassword, verifyPassword } from './password-hasher';
import { UsersRepository } from './users.repository';

@Injectable()
export class AuthService implements OnApplicationBootstrap {
  private readonly logger = new Logger(AuthService.name);

  constructor(
    private readonly users: UsersRepository,
    private readonly jwt: JwtService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** First start: create the admin named by ADMIN_EMAIL / ADMIN_PASSWORD if there are no users. */
  async onApplicationBootstrap(): Promise<void> {
    if ((await this.users.count()) > 0) return;
    if (!this.config.ADMIN_PASSWORD) {
      this.logger.warn('No users exist and ADMIN_PASSWORD is not set: nobody can log in yet');
      return;
    }
    await this.users
      .create(this.config.ADMIN_EMAIL, await hashPassword(this.config.ADMIN_PASSWORD), 'admin')
      .catch((error: Error) => {
        // Another api process created it first.
        if (!/duplicate key/.test(error.message)) throw error;
      });
    this.logger.log({ email: this.config.ADMIN_EMAIL }, 'admin user created');
  }

  async login(email: string, password: string): Promise<LoginResponseDto> {
    const user = await this.users.findByEmail(email);
    const isValid = user !== null && (await verifyPassword(password, user.passwordHash));
    if (!user || !isValid) throw new UnauthorizedException('Wrong e-mail or password');
    const accessToken = await this.jwt.signAsync(
      { sub: user.id, email: user.email, role: user.role },
      { expiresIn: this.config.JWT_TTL_SECONDS },
    );
    return { accessToken, tokenType: 'Bearer', expiresIn: this.config.JWT_TTL_SECONDS };
  }

  /** Loads the user behind a token, so that deleted users lose access at once. */
  async principalFor(userId: string): Promise<AuthenticatedPrincipal | null> {
    const user = await this.users.findById(userId);
    if (!user) return null;
    return {
      kind: 'user',
      id: user.id,
      name: user.email,
      email: user.email,
      role: user.role,
      scopes: scopesForRole(user.role),
    };
  }
}
