import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Keyring } from './master-keys.ts';

/** Prisma's Bytes columns: plain Uint8Arrays over their own ArrayBuffer. */
export type Bytes = Uint8Array<ArrayBuffer>;
const bytes = (b: Uint8Array): Bytes => new Uint8Array(b);

/** What a sealed secret is stored as. Each record has its own data key, wrapped by a master key. */
export interface SealedSecret {
  keyId: string;
  /** iv(12) | tag(16) | AES-256-GCM(dataKey) under the master key */
  wrappedKey: Bytes;
  iv: Bytes;
  authTag: Bytes;
  ciphertext: Bytes;
}

export class SecretDecryptError extends Error {
  override name = 'SecretDecryptError';
}

function gcmEncrypt(key: Buffer, plaintext: Buffer, aad: Buffer) {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(aad);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { iv: bytes(iv), authTag: bytes(cipher.getAuthTag()), ciphertext: bytes(ciphertext) };
}

function gcmDecrypt(
  key: Uint8Array,
  iv: Uint8Array,
  authTag: Uint8Array,
  ciphertext: Uint8Array,
  aad: Buffer,
): Buffer {
  const decipher = createDecipheriv('aes-256-gcm', key, iv);
  decipher.setAAD(aad);
  decipher.setAuthTag(authTag);
  return Buffer.concat([decipher.update(ciphertext), decipher.final()]);
}

/** `context` (e.g. the record's project and name) is bound as associated data: a row copied elsewhere fails. */
export function seal(keyring: Keyring, plaintext: string, context: string): SealedSecret {
  const dataKey = randomBytes(32);
  const aad = Buffer.from(context);
  const body = gcmEncrypt(dataKey, Buffer.from(plaintext, 'utf8'), aad);
  const wrapped = gcmEncrypt(keyring.current.key, dataKey, Buffer.from(keyring.current.id));
  dataKey.fill(0);
  return {
    keyId: keyring.current.id,
    wrappedKey: bytes(Buffer.concat([wrapped.iv, wrapped.authTag, wrapped.ciphertext])),
    ...body,
  };
}

function unwrapDataKey(keyring: Keyring, sealed: Pick<SealedSecret, 'keyId' | 'wrappedKey'>): Buffer {
  const master = keyring.byId.get(sealed.keyId);
  if (!master) {
    throw new SecretDecryptError(
      `secret is sealed under master key "${sealed.keyId}", which is not configured (set it in SECRETS_PREVIOUS_KEYS)`,
    );
  }
  const w = sealed.wrappedKey;
  try {
    return gcmDecrypt(
      master.key,
      w.subarray(0, 12),
      w.subarray(12, 28),
      w.subarray(28),
      Buffer.from(master.id),
    );
  } catch {
    throw new SecretDecryptError(`master key "${sealed.keyId}" does not open this secret: the key is wrong`);
  }
}

export function open(keyring: Keyring, sealed: SealedSecret, context: string): string {
  const dataKey = unwrapDataKey(keyring, sealed);
  try {
    return gcmDecrypt(dataKey, sealed.iv, sealed.authTag, sealed.ciphertext, Buffer.from(context)).toString(
      'utf8',
    );
  } catch {
    throw new SecretDecryptError(
      'secret failed its integrity check (tampered, or moved from another record)',
    );
  } finally {
    dataKey.fill(0);
  }
}

/** Re-wraps the data key under the current master key; the ciphertext itself is unchanged. */
export function rewrap(keyring: Keyring, sealed: SealedSecret): SealedSecret {
  if (sealed.keyId === keyring.current.id) return sealed;
  const dataKey = unwrapDataKey(keyring, sealed);
  const wrapped = gcmEncrypt(keyring.current.key, dataKey, Buffer.from(keyring.current.id));
  dataKey.fill(0);
  return {
    ...sealed,
    keyId: keyring.current.id,
    wrappedKey: bytes(Buffer.concat([wrapped.iv, wrapped.authTag, wrapped.ciphertext])),
  };
}

/** What every stored secret shows: only that one is set. */
export const SECRET_SET_MASK = '••••••••';

/**
 * The only forms of a secret that ever leave the server: the fixed mask, or `••••1234` for a long API key,
 * whose tail tells two keys apart and gives away nothing that matters. A password's tail is a real piece of
 * a guessable secret, so passwords, tokens, headers and anything else keep none (issue 14, item 15).
 */
export function mask(last4: string): string {
  return last4 ? `••••${last4}` : SECRET_SET_MASK;
}

/** The characters kept beside the sealed blob to identify it: only for long API keys, else none. */
export function lastFour(kind: string, plaintext: string): string {
  return kind === 'api_key' && plaintext.length >= 20 ? plaintext.slice(-4) : '';
}
