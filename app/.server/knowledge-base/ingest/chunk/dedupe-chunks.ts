import type { Chunk } from './chunk';
import { normalizeForHash } from './content-hash';

export interface DedupeOptions {
  /** Also drop chunks whose word shingles are nearly identical (simhash); off by default. */
  nearDuplicates?: boolean;
  /** Bits of 64 that may differ for a near duplicate. */
  maxHammingDistance?: number;
  /** Short chunks are never near-deduplicated: "Пломба — 4 000 ₽" and "Пломба — 4 500 ₽" are both facts. */
  nearMinChars?: number;
}

export interface DedupeResult {
  chunks: Chunk[];
  /** Dropped chunk (by its original index) and the kept one it duplicates. */
  dropped: Array<{ index: number; duplicateOf: number; near: boolean }>;
}

/**
 * Removes repeated chunks (a crawl sees the same delivery banner on every page; a PDF repeats its header),
 * keeping the first and renumbering the rest.
 */
export function dedupeChunks(chunks: Chunk[], options: DedupeOptions = {}): DedupeResult {
  const maxDistance = options.maxHammingDistance ?? 3;
  const nearMin = options.nearMinChars ?? 200;
  const byHash = new Map<string, number>();
  const fingerprints: Array<{ index: number; hash: bigint }> = [];
  const kept: Chunk[] = [];
  const dropped: DedupeResult['dropped'] = [];
  for (const chunk of chunks) {
    const same = byHash.get(chunk.hash);
    if (same !== undefined) {
      dropped.push({ index: chunk.index, duplicateOf: same, near: false });
      continue;
    }
    if (options.nearDuplicates && chunk.text.length >= nearMin) {
      const fp = simhash(chunk.searchText);
      const near = fingerprints.find((f) => hamming(f.hash, fp) <= maxDistance);
      if (near) {
        dropped.push({ index: chunk.index, duplicateOf: near.index, near: true });
        continue;
      }
      fingerprints.push({ index: chunk.index, hash: fp });
    }
    byHash.set(chunk.hash, chunk.index);
    kept.push(chunk);
  }
  return { chunks: kept.map((c, i) => ({ ...c, index: i })), dropped };
}

/** 64-bit simhash over word 3-shingles (Charikar). */
export function simhash(text: string): bigint {
  const words = normalizeForHash(text).split(' ').filter(Boolean);
  const weights = new Array<number>(64).fill(0);
  const shingles =
    words.length < 3 ? [words.join(' ')] : words.slice(2).map((_, i) => words.slice(i, i + 3).join(' '));
  for (const shingle of shingles) {
    const h = fnv1a64(shingle);
    for (let bit = 0; bit < 64; bit += 1) weights[bit]! += (h >> BigInt(bit)) & 1n ? 1 : -1;
  }
  let out = 0n;
  for (let bit = 0; bit < 64; bit += 1) if (weights[bit]! > 0) out |= 1n << BigInt(bit);
  return out;
}

function fnv1a64(text: string): bigint {
  let h = 0xcbf29ce484222325n;
  for (const byte of Buffer.from(text, 'utf8')) {
    h ^= BigInt(byte);
    h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return h;
}

function hamming(a: bigint, b: bigint): number {
  let x = a ^ b;
  let n = 0;
  while (x) {
    x &= x - 1n;
    n += 1;
  }
  return n;
}
