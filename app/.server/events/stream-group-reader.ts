import type { Redis } from 'ioredis';
import type { StreamEntry } from './event-streams.ts';

export interface StreamGroupReaderOptions {
  /** A connection of its own: XREADGROUP blocks it. */
  redis: Redis;
  stream: string;
  group: string;
  consumer: string;
  batchSize: number;
  blockMs?: number;
  /** Entries another consumer took and has not acknowledged for this long are claimed (it died). */
  claimIdleMs: number;
}

/**
 * How a consumer group member reads a Redis Stream so that nothing is lost: after a failure its own pending
 * entries first (in order), now and then what a dead member held (XAUTOCLAIM), otherwise new entries. The
 * bus consumers and the call-records writer share it; each acknowledges after its own work.
 */
export class StreamGroupReader {
  private lastClaimAt = 0;
  /** Set when work failed: our own pending entries are read again before new ones, to keep the order. */
  private backlog = true;

  constructor(private readonly options: StreamGroupReaderOptions) {}

  /** Creates the group if it is missing ('$': only new entries; '0': the whole stream). */
  async ensureGroup(startAt: '$' | '0'): Promise<void> {
    const { redis, stream, group } = this.options;
    try {
      await redis.xgroup('CREATE', stream, group, startAt, 'MKSTREAM');
    } catch (error) {
      if (!String(error).includes('BUSYGROUP')) throw error;
    }
  }

  /** The work on the last entries failed: read our pending ones again next. */
  failed(): void {
    this.backlog = true;
  }

  async next(): Promise<StreamEntry[]> {
    const { redis, stream, group, consumer, batchSize, claimIdleMs } = this.options;
    if (this.backlog) {
      const own = await this.read('0');
      if (own.length > 0) return own;
      this.backlog = false;
    }
    if (Date.now() - this.lastClaimAt > claimIdleMs / 2) {
      this.lastClaimAt = Date.now();
      const claimed = (await redis.xautoclaim(
        stream,
        group,
        consumer,
        claimIdleMs,
        '0-0',
        'COUNT',
        batchSize,
      )) as [string, StreamEntry[]];
      const entries = claimed[1].filter((entry) => entry && Array.isArray(entry[1]));
      if (entries.length > 0) return entries;
    }
    return this.read('>', this.options.blockMs ?? 2_000);
  }

  private async read(from: '0' | '>', blockMs?: number): Promise<StreamEntry[]> {
    const { redis, stream, group, consumer, batchSize } = this.options;
    const reply =
      blockMs === undefined
        ? await redis.xreadgroup('GROUP', group, consumer, 'COUNT', batchSize, 'STREAMS', stream, from)
        : await redis.xreadgroup(
            'GROUP',
            group,
            consumer,
            'COUNT',
            batchSize,
            'BLOCK',
            blockMs,
            'STREAMS',
            stream,
            from,
          );
    const entries = ((reply as [string, StreamEntry[]][] | null)?.[0]?.[1] ?? []) as StreamEntry[];
    // An entry trimmed from the stream while pending comes back without fields: nothing left to do with it.
    return entries.filter((entry) => Array.isArray(entry[1]));
  }
}
