import type { Redis } from 'ioredis';
import { voiceCallEventSchema } from '#server/calls/call-events.ts';
import { applyCallEvents, CallNotYetKnown, type SourcedEvent } from '#server/calls/call-writer.server.ts';
import { storableCopy } from '#server/api/storable-text.ts';
import type { Db } from '#server/db.ts';
import type { Logger } from '#server/logger.ts';
import type { StreamEntry } from '#server/events/event-streams.ts';
import { StreamGroupReader } from '#server/events/stream-group-reader.ts';

export interface CallEventsConsumerOptions {
  /** A connection of its own: XREADGROUP blocks it. */
  redis: Redis;
  db: Db;
  logger: Logger;
  stream?: string;
  group?: string;
  consumer?: string;
  batchSize?: number;
  blockMs?: number;
  /** Entries another consumer took but has not acknowledged for this long are claimed (it died). */
  claimIdleMs?: number;
  /** An event whose call never started (its call.started was lost) is dropped after this long. */
  orphanAfterMs?: number;
  /** Called after the commit that ended these calls (post-call analysis is queued from here). */
  onCallsEnded?: (callIds: string[]) => Promise<void>;
  /** Called after a commit that put callers in operator queues or ended calls (routing runs at once). */
  onHandoffsChanged?: () => void;
}

/**
 * Turns the gateway's call events (a Redis Stream) into call records. The gateway only XADDs, so a call
 * never waits for Postgres; this consumer group acknowledges an entry only after the transaction that
 * wrote it committed. While Postgres is down nothing is acknowledged: the entries stay pending and are
 * read again (own pending list first) until they are written, so an outage delays records but loses none.
 */
export class CallEventsConsumer {
  private readonly stream: string;
  private readonly group: string;
  private readonly consumer: string;
  private running = false;
  private loop: Promise<void> | undefined;
  private failures = 0;
  private readonly reader: StreamGroupReader;

  constructor(private readonly options: CallEventsConsumerOptions) {
    this.stream = options.stream ?? 'events:calls';
    this.group = options.group ?? 'call-records';
    this.consumer = options.consumer ?? `writer-${process.pid}`;
    this.reader = new StreamGroupReader({
      redis: options.redis,
      stream: this.stream,
      group: this.group,
      consumer: this.consumer,
      batchSize: options.batchSize ?? 200,
      ...(options.blockMs !== undefined ? { blockMs: options.blockMs } : {}),
      claimIdleMs: options.claimIdleMs ?? 60_000,
    });
  }

  async start(): Promise<void> {
    await this.reader.ensureGroup('0');
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
  }

  /** Entries delivered to this group and not yet acknowledged (all consumers). */
  async pendingCount(): Promise<number> {
    const summary = (await this.options.redis.xpending(this.stream, this.group)) as [number, ...unknown[]];
    return Number(summary[0]);
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        const entries = await this.reader.next();
        if (entries.length === 0) continue;
        await this.process(entries);
        this.failures = 0;
      } catch (error) {
        this.failures += 1;
        this.reader.failed();
        const waitMs = Math.min(5_000, 100 * 2 ** Math.min(this.failures, 6));
        this.options.logger.warn({ err: error, waitMs }, 'call events not written yet; retrying');
        await sleep(waitMs);
      }
    }
  }

  private async process(entries: StreamEntry[]): Promise<void> {
    const { db, logger } = this.options;
    const batch: SourcedEvent[] = [];
    const unreadable: string[] = [];
    for (const [id, fields] of entries) {
      const raw = fieldValue(fields, 'event');
      const parsed = raw === undefined ? null : voiceCallEventSchema.safeParse(safeJson(raw));
      // Text Postgres refuses (a NUL in a tool's answer or a caller's number) would fail the whole batch again
      // and again, and no call after it would be recorded: it is stored without those characters.
      if (parsed?.success) batch.push({ sourceId: id, event: storableCopy(parsed.data) });
      else unreadable.push(id);
    }
    if (unreadable.length > 0) logger.error({ ids: unreadable }, 'unreadable call events dropped');
    let ended: string[];
    try {
      ({ ended } = await applyCallEvents(db, batch));
    } catch (error) {
      if (!(error instanceof CallNotYetKnown)) throw error;
      // The call's start may sit with another consumer: write what we can one by one, keep the rest.
      ended = await this.applyOneByOne(batch);
      const done = new Set(batch.map((b) => b.sourceId));
      await this.ack([...unreadable, ...entries.map(([id]) => id).filter((id) => done.has(id))]);
      if (ended.length > 0) await this.options.onCallsEnded?.(ended);
      return;
    }
    await this.ack([...unreadable, ...entries.map(([id]) => id)]);
    if (batch.some(({ event }) => event.type === 'call.transfer' && event.target.kind === 'queue'))
      this.options.onHandoffsChanged?.();
    if (ended.length > 0) await this.options.onCallsEnded?.(ended);
  }

  /** Writes entries singly; those whose call is still unknown stay pending (removed from `batch`). */
  private async applyOneByOne(batch: SourcedEvent[]): Promise<string[]> {
    const ended: string[] = [];
    const orphanAfterMs = this.options.orphanAfterMs ?? 10 * 60_000;
    const kept: SourcedEvent[] = [];
    for (const entry of batch) {
      try {
        ended.push(...(await applyCallEvents(this.options.db, [entry])).ended);
        kept.push(entry);
      } catch (error) {
        if (!(error instanceof CallNotYetKnown)) throw error;
        if (Date.now() - entry.event.at > orphanAfterMs) {
          this.options.logger.warn(
            { callId: entry.event.callId },
            'event of a call that never started dropped',
          );
          kept.push(entry);
        }
      }
    }
    batch.splice(0, batch.length, ...kept);
    return ended;
  }

  private async ack(ids: string[]): Promise<void> {
    if (ids.length > 0) await this.options.redis.xack(this.stream, this.group, ...ids);
  }
}

function fieldValue(fields: string[], name: string): string | undefined {
  for (let i = 0; i + 1 < fields.length; i += 2) if (fields[i] === name) return fields[i + 1];
  return undefined;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
