import type { Redis } from 'ioredis';
import type { Logger } from '../logger.ts';
import { callIdOf, parseEvent, type DomainEvent } from '../events/event-catalogue.ts';
import { compareStreamIds, fieldValue, STREAMS, type StreamEntry } from '../events/event-streams.ts';
import { visibleEvent, type Viewer } from './event-visibility.ts';

/** What the gateway sends: an event with its stream id, or a control message. */
export type RealtimeMessage =
  | { type: 'event'; id: string; event: DomainEvent }
  | { type: 'subscribed'; projectId: string; callId: string | null; lastEventId: string | null }
  | { type: 'resync'; reason: 'slow_client' | 'history_trimmed' | 'closing' }
  | { type: 'error'; code: string; message: string };

/** A connection the hub writes to (a WebSocket or an SSE response). */
export interface RealtimeClient {
  send(message: RealtimeMessage): void;
  /** False while the transport's own buffer is above its high-water mark: the hub queues instead. */
  writable(): boolean;
  close(): void;
}

export interface SubscribeInput {
  projectId: string;
  callId?: string | null;
  lastEventId?: string | null;
  viewer: Viewer;
  client: RealtimeClient;
}

export interface HubOptions {
  /** A connection of its own: XREAD blocks it. */
  redis: Redis;
  /** For catch-up reads (XRANGE, XINFO); may be shared. */
  reader?: Redis;
  logger: Logger;
  stream?: string;
  /** Messages one client may have waiting beyond its transport's buffer before it is told to resync. */
  maxQueue?: number;
  blockMs?: number;
}

class Subscription {
  cursor = '0-0';
  catchingUp = true;
  private buffered: { id: string; event: DomainEvent }[] = [];
  private queue: RealtimeMessage[] = [];
  closed = false;

  constructor(
    readonly input: SubscribeInput,
    private readonly maxQueue: number,
    private readonly onDead: (sub: Subscription) => void,
  ) {}

  /** A live event from the hub's read loop (in stream order). */
  offer(id: string, event: DomainEvent): void {
    if (this.closed) return;
    if (this.catchingUp) {
      this.buffered.push({ id, event });
      if (this.buffered.length > this.maxQueue) this.resync('slow_client');
      return;
    }
    this.deliver(id, event);
  }

  deliver(id: string, event: DomainEvent): void {
    // The cursor makes resume exact: nothing at or before what the client has is sent again.
    if (this.closed || compareStreamIds(id, this.cursor) <= 0) return;
    this.cursor = id;
    if (this.input.callId && callIdOf(event) !== this.input.callId) return;
    const visible = visibleEvent(this.input.viewer, event);
    if (!visible) return;
    this.push({ type: 'event', id, event: visible });
  }

  finishCatchUp(): void {
    this.catchingUp = false;
    const buffered = this.buffered;
    this.buffered = [];
    for (const { id, event } of buffered) this.deliver(id, event);
  }

  push(message: RealtimeMessage): void {
    if (this.queue.length === 0 && this.input.client.writable()) {
      this.input.client.send(message);
      return;
    }
    this.queue.push(message);
    // Bounded: a client that does not read is told to resync and dropped, the server's memory stays flat.
    if (this.queue.length > this.maxQueue) this.resync('slow_client');
  }

  flush(): void {
    while (!this.closed && this.queue.length > 0 && this.input.client.writable()) {
      this.input.client.send(this.queue.shift()!);
    }
  }

  get waiting(): number {
    return this.queue.length;
  }

  resync(reason: 'slow_client' | 'history_trimmed' | 'closing'): void {
    if (this.closed) return;
    this.queue = [];
    this.buffered = [];
    // Past the client's own buffer: it learns on reading this (or on the close) that it must reload.
    try {
      this.input.client.send({ type: 'resync', reason });
    } finally {
      this.close();
      this.input.client.close();
    }
  }

  /** Ends the subscription (the client left or replaced it); resync also closes the client. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.queue = [];
    this.buffered = [];
    this.onDead(this);
  }
}

export interface HubSubscription {
  close(): void;
}

/**
 * The realtime gateway's fan-out in one web process: one blocking XREAD on the bus for the whole process,
 * events handed to the subscriptions of their project, each filtered by its viewer's role. Every process runs
 * its own hub on the same stream (no consumer group: each must see everything), so a client on any process
 * gets every event once. A client resuming with lastEventId is caught up from the stream itself (XRANGE)
 * while live events wait in its buffer; the cursor skips what it has already had.
 */
export class RealtimeHub {
  private readonly stream: string;
  private readonly byProject = new Map<string, Set<Subscription>>();
  private running = false;
  private loop: Promise<void> | undefined;
  private position = '$';
  private flusher: NodeJS.Timeout | undefined;
  readonly stats = { delivered: 0 };

  constructor(private readonly options: HubOptions) {
    this.stream = options.stream ?? STREAMS.bus;
  }

  private get reader(): Redis {
    return this.options.reader ?? this.options.redis;
  }

  async start(): Promise<void> {
    if (this.running) return;
    const last = (await this.reader.xrevrange(this.stream, '+', '-', 'COUNT', 1)) as StreamEntry[];
    this.position = last[0]?.[0] ?? '0-0';
    this.running = true;
    this.loop = this.run();
    this.flusher = setInterval(() => {
      for (const subs of this.byProject.values()) for (const sub of subs) if (sub.waiting > 0) sub.flush();
    }, 25);
    this.flusher.unref();
  }

  async stop(): Promise<void> {
    this.running = false;
    clearInterval(this.flusher);
    for (const subs of [...this.byProject.values()]) for (const sub of [...subs]) sub.resync('closing');
    // The blocking read ends within blockMs.
    await this.loop;
  }

  get subscriptions(): number {
    let n = 0;
    for (const subs of this.byProject.values()) n += subs.size;
    return n;
  }

  get queuedMessages(): number {
    let n = 0;
    for (const subs of this.byProject.values()) for (const sub of subs) n += sub.waiting;
    return n;
  }

  async subscribe(input: SubscribeInput): Promise<HubSubscription> {
    const sub = new Subscription(input, this.options.maxQueue ?? 1000, (dead) => {
      const set = this.byProject.get(dead.input.projectId);
      set?.delete(dead);
      if (set?.size === 0) this.byProject.delete(dead.input.projectId);
    });
    // Registered before the catch-up read: live events from now on wait in its buffer, none falls between.
    const set = this.byProject.get(input.projectId) ?? new Set<Subscription>();
    set.add(sub);
    this.byProject.set(input.projectId, set);
    sub.push({
      type: 'subscribed',
      projectId: input.projectId,
      callId: input.callId ?? null,
      lastEventId: input.lastEventId ?? null,
    });
    try {
      if (input.lastEventId) await this.catchUp(sub, input.lastEventId);
      else sub.cursor = this.position === '$' ? '0-0' : this.position;
      sub.finishCatchUp();
    } catch (error) {
      this.options.logger.warn({ err: error }, 'realtime catch-up failed');
      sub.resync('history_trimmed');
    }
    return { close: () => sub.close() };
  }

  private async catchUp(sub: Subscription, lastEventId: string): Promise<void> {
    const info = (await this.reader.xinfo('STREAM', this.stream).catch(() => null)) as unknown[] | null;
    // Entries after what the client has were trimmed (MAXLEN) or deleted: it cannot be caught up without a
    // gap. Trimming removes the oldest, so a lastEventId older than the first entry left may have lost some.
    const added = Number(info ? fieldOf(info, 'entries-added') : 0);
    const length = Number(info ? fieldOf(info, 'length') : 0);
    const first = info ? (fieldOf(info, 'recorded-first-entry-id') as string | undefined) : undefined;
    const maxDeleted = info ? (fieldOf(info, 'max-deleted-entry-id') as string | undefined) : undefined;
    const trimmedPast =
      added > length && typeof first === 'string' && compareStreamIds(first, lastEventId) > 0;
    const deletedPast = typeof maxDeleted === 'string' && compareStreamIds(maxDeleted, lastEventId) > 0;
    if (trimmedPast || deletedPast) {
      sub.resync('history_trimmed');
      return;
    }
    sub.cursor = lastEventId;
    let from = `(${lastEventId}`;
    for (;;) {
      const entries = (await this.reader.xrange(this.stream, from, '+', 'COUNT', 500)) as StreamEntry[];
      for (const [id, fields] of entries) {
        const event = readEntry(fields);
        if (event) sub.deliver(id, event);
        else sub.cursor = compareStreamIds(id, sub.cursor) > 0 ? id : sub.cursor;
        if (sub.closed) return;
      }
      if (entries.length < 500) return;
      from = `(${entries.at(-1)![0]}`;
    }
  }

  private async run(): Promise<void> {
    const { redis, logger } = this.options;
    while (this.running) {
      try {
        const reply = (await redis.xread(
          'COUNT',
          1000,
          'BLOCK',
          this.options.blockMs ?? 1000,
          'STREAMS',
          this.stream,
          this.position,
        )) as [string, StreamEntry[]][] | null;
        const entries = reply?.[0]?.[1] ?? [];
        for (const [id, fields] of entries) {
          this.position = id;
          const event = readEntry(fields);
          if (!event) continue;
          const subs = this.byProject.get(event.projectId);
          if (!subs) continue;
          for (const sub of subs) {
            sub.offer(id, event);
            this.stats.delivered += 1;
          }
        }
      } catch (error) {
        if (!this.running) return;
        logger.warn({ err: error }, 'realtime read failed; retrying');
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
  }
}

const frames = new WeakMap<DomainEvent, string>();
const encoded = new WeakMap<DomainEvent, Buffer>();

/** The message as JSON; an event's text is built once however many clients it goes to. */
export function serializeMessage(message: RealtimeMessage): string {
  if (message.type !== 'event') return JSON.stringify(message);
  let frame = frames.get(message.event);
  if (!frame) {
    frame = JSON.stringify(message);
    frames.set(message.event, frame);
  }
  return frame;
}

/** The same as UTF-8 bytes, encoded once per event (a WebSocket text frame of a thousand clients). */
export function encodeMessage(message: RealtimeMessage): Buffer {
  if (message.type !== 'event') return Buffer.from(JSON.stringify(message));
  let bytes = encoded.get(message.event);
  if (!bytes) {
    bytes = Buffer.from(serializeMessage(message));
    encoded.set(message.event, bytes);
  }
  return bytes;
}

function readEntry(fields: string[]): DomainEvent | null {
  const raw = fieldValue(fields, 'event');
  if (raw === undefined) return null;
  try {
    return parseEvent(JSON.parse(raw));
  } catch {
    return null;
  }
}

function fieldOf(info: unknown[], name: string): unknown {
  for (let i = 0; i + 1 < info.length; i += 2) if (info[i] === name) return info[i + 1];
  return undefined;
}
