import { configSchema, SECRET_CONFIG_KEYS, type AppConfig } from './config.schema';

export class ConfigError extends Error {
  override readonly name = 'ConfigError';

  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
  }
}

/**
 * Validates the environment once at start-up. The message names each bad variable and
 * why; it never repeats a secret's value.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const input: Record<string, string> = {};
  for (const key of Object.keys(configSchema.shape)) {
    const value = env[key];
    // An empty variable counts as unset, so `FOO=` in a .env file falls back to the default.
    if (value !== undefined && value !== '') input[key] = value;
  }
  const parsed = configSchema.safeParse(input);
  if (parsed.success) return parsed.data;

  const problems = parsed.error.issues.map((issue) => {
    const key = String(issue.path[0] ?? '(unknown)');
    const isMissing = input[key] === undefined;
    const reason = isMissing ? 'is required but not set' : issue.message;
    const shown =
      isMissing || SECRET_CONFIG_KEYS.has(key as keyof AppConfig) ? '' : ` (got "${input[key]}")`;
    return `${key} ${reason}${shown}`;
  });
  throw new ConfigError(problems);
}
