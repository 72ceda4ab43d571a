import type { Chunk } from './chunk';

export interface ChunkDiff {
  /** Present before and now: keep the stored row and its embedding (update index/position only). */
  unchanged: Chunk[];
  /** New content: insert, embed. */
  added: Chunk[];
  /** Hashes stored before and gone now: delete. */
  removed: string[];
}

/**
 * What a re-index of one source changes, by content hash. The worker applies it in one transaction, so
 * search sees the old set or the new one, never half.
 */
export function diffChunks(previousHashes: Iterable<string>, next: Chunk[]): ChunkDiff {
  const before = new Set(previousHashes);
  const now = new Set(next.map((c) => c.hash));
  return {
    unchanged: next.filter((c) => before.has(c.hash)),
    added: next.filter((c) => !before.has(c.hash)),
    removed: [...before].filter((h) => !now.has(h)),
  };
}
