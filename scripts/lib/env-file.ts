import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';

export function freshKey(prefix: string, bytes = 32): string {
  return `${prefix}${Date.now().toString(36)}:${randomBytes(bytes).toString('base64')}`;
}

/** Sets `NAME=value` in a .env text, replacing an existing (possibly empty) line or appending one. */
export function setVar(text: string, name: string, value: string): string {
  const line = `${name}=${value}`;
  const re = new RegExp(`^${name}=.*$`, 'm');
  return re.test(text) ? text.replace(re, line) : `${text.trimEnd()}\n${line}\n`;
}

export function getVar(text: string, name: string): string | undefined {
  const m = new RegExp(`^${name}=(.*)$`, 'm').exec(text);
  return m?.[1]?.trim() || undefined;
}

export function readEnvFile(path: string): string {
  return existsSync(path) ? readFileSync(path, 'utf8') : '';
}

/**
 * .env holds the master and signing keys: owner-only. writeFile's mode applies only when it creates the file
 * (and through the umask), so an existing file is tightened explicitly, before the keys are written into it.
 */
export function writeEnvFile(path: string, text: string): void {
  if (existsSync(path)) chmodSync(path, 0o600);
  writeFileSync(path, text, { mode: 0o600 });
  chmodSync(path, 0o600);
}

/**
 * What `npm run setup` does to .env: create it from the example once, fill in missing keys (a fresh
 * SECRETS_MASTER_KEY and AUTH_JWT_KEYS), and leave it readable by its owner only. Returns what it did.
 */
export function prepareEnvFile(envPath: string, examplePath: string): string[] {
  const done: string[] = [];
  let text = readEnvFile(envPath);
  if (!existsSync(envPath)) {
    text = readEnvFile(examplePath);
    done.push('wrote .env from .env.example');
  }
  if (!getVar(text, 'SECRETS_MASTER_KEY')) {
    text = setVar(text, 'SECRETS_MASTER_KEY', freshKey('k'));
    done.push('generated a new SECRETS_MASTER_KEY in .env (back it up: secrets cannot be read without it)');
  }
  if (!getVar(text, 'AUTH_JWT_KEYS')) text = setVar(text, 'AUTH_JWT_KEYS', freshKey('jwt', 48));
  writeEnvFile(envPath, text);
  return done;
}
