import { randomUUID } from 'node:crypto';
import type { ChainableCommander, Redis } from 'ioredis';
import {
  EVENT_CATALOGUE,
  latestVersion,
  type DomainEvent,
  type EventData,
  type EventType,
} from './event-catalogue.ts';
import { BUS_MAXLEN, STREAMS } from './event-streams.ts';

export interface PublishInput<T extends EventType> {
  type: T;
  projectId: string;
  data: EventData<T>;
  /** A producer that may publish the same fact twice (a retry) passes a stable id; consumers skip repeats. */
  id?: string;
  at?: number;
}

/** Builds the envelope, validating the data against the newest version of its schema (a bug throws here). */
export function envelopeOf<T extends EventType>(input: PublishInput<T>): DomainEvent {
  const version = latestVersion(input.type);
  const schema = (EVENT_CATALOGUE[input.type] as Record<number, { parse(v: unknown): unknown }>)[version]!;
  return {
    id: input.id ?? randomUUID(),
    type: input.type,
    version,
    projectId: input.projectId,
    at: input.at ?? Date.now(),
    data: schema.parse(input.data),
  } as DomainEvent;
}

/** Adds the XADD to a transaction or pipeline (producers that write other keys in the same step). */
export function queueEvent(chain: ChainableCommander, event: DomainEvent): ChainableCommander {
  return chain.xadd(
    STREAMS.bus,
    'MAXLEN',
    '~',
    String(BUS_MAXLEN),
    '*',
    'type',
    event.type,
    'event',
    JSON.stringify(event),
  );
}

/** The one way onto the bus: answers the stream id the event got. */
export async function publishEvent<T extends EventType>(
  redis: Redis,
  input: PublishInput<T>,
): Promise<{ streamId: string; event: DomainEvent }> {
  const event = envelopeOf(input);
  const streamId = await redis.xadd(
    STREAMS.bus,
    'MAXLEN',
    '~',
    String(BUS_MAXLEN),
    '*',
    'type',
    event.type,
    'event',
    JSON.stringify(event),
  );
  return { streamId: streamId!, event };
}
