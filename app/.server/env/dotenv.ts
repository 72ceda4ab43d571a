import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

/** Loads ./.env into process.env (variables already set win), using Node's own parser. */
export function loadDotenv(path = resolve(process.cwd(), '.env')): void {
  if (existsSync(path)) process.loadEnvFile(path);
}
