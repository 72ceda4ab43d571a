import type { Redis } from 'ioredis';
import type { Logger } from '../logger.ts';
import { parseEvent, type DomainEvent } from './event-catalogue.ts';
import { fieldValue, STREAMS } from './event-streams.ts';
import { StreamGroupReader } from './stream-group-reader.ts';

export interface BusConsumerOptions {
  /** A connection of its own: XREADGROUP blocks it. */
  redis: Redis;
  logger: Logger;
  group: string;
  consumer: string;
  /** The work for one event. Acknowledged only after it resolves; a throw leaves it pending (retried). */
  handle: (event: DomainEvent, streamId: string) => Promise<void>;
  stream?: string;
  batchSize?: number;
  blockMs?: number;
  /** Entries another consumer took and has not acknowledged for this long are claimed (it died). */
  claimIdleMs?: number;
  /** Where a new group starts: '$' (only new events, the default) or '0' (the whole stream). */
  startAt?: '$' | '0';
}

/**
 * A consumer group on the bus: at-least-once delivery (acknowledge after the work), recovery of what a dead
 * consumer held (XAUTOCLAIM), its own pending entries read first after a failure. Effects must be idempotent
 * by event id (applyOnce for Postgres work), which turns at-least-once into exactly-once effects.
 */
export class BusConsumer {
  private readonly stream: string;
  private running = false;
  private loop: Promise<void> | undefined;
  private failures = 0;
  private readonly reader: StreamGroupReader;

  constructor(private readonly options: BusConsumerOptions) {
    this.stream = options.stream ?? STREAMS.bus;
    this.reader = new StreamGroupReader({
      redis: options.redis,
      stream: this.stream,
      group: options.group,
      consumer: options.consumer,
      batchSize: options.batchSize ?? 100,
      ...(options.blockMs !== undefined ? { blockMs: options.blockMs } : {}),
      claimIdleMs: options.claimIdleMs ?? 30_000,
    });
  }

  async start(): Promise<void> {
    await this.reader.ensureGroup(this.options.startAt ?? '$');
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        const entries = await this.reader.next();
        for (const [id, fields] of entries) {
          if (!this.running) return;
          await this.processEntry(id, fields);
        }
        this.failures = 0;
      } catch (error) {
        if (!this.running) return;
        this.failures += 1;
        this.reader.failed();
        const waitMs = Math.min(5_000, 100 * 2 ** Math.min(this.failures, 6));
        this.options.logger.warn(
          { err: error, group: this.options.group, waitMs },
          'bus event not handled yet',
        );
        await new Promise((resolve) => setTimeout(resolve, waitMs));
      }
    }
  }

  private async processEntry(id: string, fields: string[]): Promise<void> {
    const raw = fieldValue(fields, 'event');
    let event: DomainEvent | null = null;
    try {
      event = raw === undefined ? null : parseEvent(JSON.parse(raw));
    } catch {
      event = null;
    }
    if (!event) {
      // An entry no version of the catalogue reads would block the group forever: logged and dropped.
      this.options.logger.error({ id, group: this.options.group }, 'unreadable bus event dropped');
    } else {
      await this.options.handle(event, id);
    }
    await this.options.redis.xack(this.stream, this.options.group, id);
  }
}
