import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * Loads ./.env into process.env (variables already set win), using Node's own parser. It holds the master
 * and signing keys, so a file that group or others may read is reported at once (every process calls this
 * first, before its logger exists: hence stderr).
 */
export function loadDotenv(path = resolve(process.cwd(), '.env')): void {
  if (!existsSync(path)) return;
  const mode = statSync(path).mode & 0o777;
  if (process.platform !== 'win32' && mode & 0o077) {
    console.warn(
      `warning: ${path} is readable by other users (mode ${mode.toString(8)}) and holds the secret keys; ` +
        `run: chmod 600 ${path}`,
    );
  }
  process.loadEnvFile(path);
}
