import { createHash } from 'node:crypto';

/**
 * What counts as "the same content": case, ё/е, punctuation, spacing and Unicode presentation forms do
 * not. Used for deduplication and for telling unchanged chunks apart on re-index.
 */
export function normalizeForHash(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

export function contentHash(text: string): string {
  return createHash('sha256').update(normalizeForHash(text)).digest('hex');
}
