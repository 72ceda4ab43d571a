import type { Redis } from 'ioredis';
import type { VoiceCallEvent } from '#server/calls/call-events.ts';

/** One call's events as the voice stack appended them to its Redis Stream (what the call records read). */
export async function streamEventsOf(
  redis: Redis,
  stream: string,
  callId: string,
): Promise<VoiceCallEvent[]> {
  return (await redis.xrange(stream, '-', '+'))
    .map(([, fields]) => JSON.parse(fields[fields.indexOf('event') + 1]!) as VoiceCallEvent)
    .filter((event) => event.callId === callId);
}
