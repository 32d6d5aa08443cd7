import { type AppConfig } from './config.schema';
import { ConfigError, loadConfig } from './load-config';

/**
 * Validates the environment for a process entry point. A bad or missing variable
 * stops the process with a message naming it, before anything connects anywhere.
 */
export function loadConfigOrExit(processName: string): AppConfig {
  try {
    return loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`plumbline ${processName}: ${error.message}\n`);
    process.exit(78); // EX_CONFIG
  }
}
