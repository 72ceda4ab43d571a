import { createHash } from 'node:crypto';
import { parseEnv } from '../env/load-env.ts';
import { secretsEnv } from '../env/env-schema.ts';

export interface MasterKey {
  id: string;
  key: Buffer;
}

/** The current key encrypts; previous keys only decrypt, until `npm run secrets:rotate` has run. */
export interface Keyring {
  current: MasterKey;
  byId: Map<string, MasterKey>;
}

export class SecretsConfigError extends Error {
  override name = 'SecretsConfigError';
}

function parseKey(spec: string): MasterKey {
  const [id = '', b64 = ''] = spec.trim().split(':');
  return { id, key: Buffer.from(b64, 'base64') };
}

export function keyringFromEnv(source?: Record<string, string | undefined>): Keyring {
  const env = parseEnv(secretsEnv, 'secrets', source);
  const current = parseKey(env.SECRETS_MASTER_KEY);
  const byId = new Map<string, MasterKey>([[current.id, current]]);
  for (const spec of env.SECRETS_PREVIOUS_KEYS.split(',').filter(Boolean)) {
    const k = parseKey(spec);
    const clash = byId.get(k.id);
    if (clash && !clash.key.equals(k.key)) {
      throw new SecretsConfigError(
        `SECRETS_PREVIOUS_KEYS: key id "${k.id}" is used twice with different keys`,
      );
    }
    byId.set(k.id, k);
  }
  return { current, byId };
}

/** A short fingerprint that identifies a key without revealing it (stored in the canary row). */
export function keyFingerprint(key: Buffer): string {
  return createHash('sha256').update('vp-master-key-fingerprint').update(key).digest('hex').slice(0, 16);
}
