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
  id!: string;
  email!: string;
  /** One of `admin`, `operator`, `viewer`. */
  role!: 'admin' | 'operator' | 'viewer';
}
