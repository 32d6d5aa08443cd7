import { IsEmail, IsString, MaxLength, MinLength } from 'class-validator';

export class LoginRequestDto {
  /** The user's e-mail address (case-insensitive). */
  @IsEmail()
  @MaxLength(320)
  email!: string;

  /** The user's password. */
  @IsString()
  @MinLength(1)
  @MaxLength(1024)
  password!: string;
}

export class LoginResponseDto {
  /** Bearer token to send as `Authorization: Bearer <token>`. */
  accessToken!: string;

  /** Always `Bearer`. */
  tokenType!: 'Bearer';

  /** Seconds until the token expires. */
  expiresIn!: number;
}

export class PrincipalDto {
  /** `user` for a logged-in person, `client` for an OAuth2 client. */
  kind!: 'user' | 'client';
  /** User id, or client id. */
  id!: string;
  /** User e-mail, or client name. */
  name!: string;
  /** What the token may do: `read`, `ingest`, `review`, `admin`. */
  scopes!: ('read' | 'ingest' | 'review' | 'admin')[];
  /** Users only. */
  email?: string;
  /** Users only: one of `admin`, `operator`, `viewer`. */
  role?: 'admin' | 'operator' | 'viewer';
}
