import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

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

export function writeEnvFile(path: string, text: string): void {
  writeFileSync(path, text, { mode: 0o600 });
}
