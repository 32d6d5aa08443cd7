import { z } from 'zod';
import { loadRateLimits } from './rate-limits';

const postgresUrl = z
  .string()
  .url()
  .refine(
    (value) => /^postgres(ql)?:\/\//.test(value),
    'must be a postgres:// or postgresql:// URL',
  );

const redisUrl = z
  .string()
  .url()
  .refine((value) => /^rediss?:\/\//.test(value), 'must be a redis:// or rediss:// URL');

const port = z.coerce.number().int().min(1).max(65535);

const trustedIssuerSchema = z.strictObject({
  issuer: z.string().min(1),
  jwksUrl: z.url({ protocol: /^https?$/, error: 'jwksUrl must be an http(s) URL' }),
  audience: z.string().min(1).optional(),
});

export type TrustedIssuer = z.infer<typeof trustedIssuerSchema>;

/** A JSON array of `{issuer, jwksUrl, audience?}` in one variable. */
const trustedIssuers = z
  .string()
  .transform((value, context): unknown => {
    try {
      return JSON.parse(value);
    } catch {
      context.addIssue({ code: 'custom', message: 'must be a JSON array' });
      return z.NEVER;
    }
  })
  .pipe(
    z.array(trustedIssuerSchema, {
      error: 'must be a JSON array of {issuer, jwksUrl, audience?}',
    }),
  );

/**
 * Every environment variable Plumbline reads. Names marked `secret` are never logged
 * or echoed back in an error message.
 */
export const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('production'),
  HOST: z.string().min(1).default('0.0.0.0'),
  PORT: port.default(8080),
  DATABASE_URL: postgresUrl,
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  REDIS_URL: redisUrl,
  QUEUE_PREFIX: z
    .string()
    .regex(/^[a-z0-9:_-]+$/i, 'may only hold letters, digits, ":", "_" and "-"')
    .default('plumbline'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters'),
  ENCRYPTION_KEY: z
    .string()
    .refine(
      (value) => /^[A-Za-z0-9+/_-]+=*$/.test(value) && Buffer.from(value, 'base64').length === 32,
      'must be 32 bytes, base64-encoded (e.g. `openssl rand -base64 32`)',
    ),
  JWT_TTL_SECONDS: z.coerce.number().int().min(60).default(43200),
  ADMIN_EMAIL: z.string().email().default('admin@plumbline.local'),
  ADMIN_PASSWORD: z.string().min(12, 'must be at least 12 characters').optional(),
  WEB_DIST_DIR: z.string().min(1).default('dist/apps/web'),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(1000).default(30000),
  OUTBOX_POLL_MS: z.coerce.number().int().min(100).default(2000),
  /** Port of the worker's own `/metrics` (Prometheus); 0 turns it off. */
  WORKER_METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(9464),
  OAUTH2_ISSUER: z.string().min(1).default('plumbline'),
  OAUTH2_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(86400).default(3600),
  OAUTH2_TRUSTED_ISSUERS: trustedIssuers.default([]),
  RATE_LIMITS_FILE: z
    .string()
    .min(1)
    .superRefine((path, context) => {
      try {
        loadRateLimits(path);
      } catch (error) {
        context.addIssue({ code: 'custom', message: (error as Error).message });
      }
    })
    .optional(),
});

export type AppConfig = z.infer<typeof configSchema>;

export const SECRET_CONFIG_KEYS: ReadonlySet<keyof AppConfig> = new Set([
  'JWT_SECRET',
  'ENCRYPTION_KEY',
  'ADMIN_PASSWORD',
] as const);
