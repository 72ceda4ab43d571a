import type { ChainableCommander, Redis } from 'ioredis';
import { z } from 'zod';
import {
  liveCallSchema,
  transcriptLineSchema,
  type LiveCall,
  type TranscriptLine,
} from '../../lib/monitor/monitor-views.ts';

/**
 * The live monitor's state in Redis, kept by the media server that owns each call (it writes the row in the
 * same transaction as the event it publishes), so any web process answers a snapshot without Postgres and
 * without the workers: live calls per project, the recent transcript per call, today's counters.
 */
export {
  liveAlertSchema,
  liveCallSchema,
  transcriptLineSchema,
  type LiveCall,
  type TranscriptLine,
} from '../../lib/monitor/monitor-views.ts';

export const dayCountersSchema = z.object({
  ended: z.number(),
  handledByBot: z.number(),
  transferred: z.number(),
  abandoned: z.number(),
  durationMs: z.number(),
});
export type DayCounters = z.infer<typeof dayCountersSchema>;

const TRANSCRIPT_KEEP = 200;
const DAY_TTL_S = 3 * 86_400;

export const liveKey = (projectId: string) => `monitor:live:${projectId}`;
export const transcriptKey = (callId: string) => `monitor:transcript:${callId}`;
export const dayKey = (projectId: string, at: number) =>
  `monitor:day:${projectId}:${new Date(at).toISOString().slice(0, 10)}`;

export function queueRow(chain: ChainableCommander, row: LiveCall): void {
  chain.hset(liveKey(row.projectId), row.callId, JSON.stringify(row));
}

export function queueLine(chain: ChainableCommander, callId: string, line: TranscriptLine): void {
  const key = transcriptKey(callId);
  chain.rpush(key, JSON.stringify(line)).ltrim(key, -TRANSCRIPT_KEEP, -1).expire(key, 86_400);
}

export function queueEnded(
  chain: ChainableCommander,
  row: LiveCall,
  outcome: { durationMs: number; transferred: boolean; abandoned: boolean; at: number },
): void {
  chain.hdel(liveKey(row.projectId), row.callId);
  // The transcript stays a little for a supervisor who opened the call as it ended.
  chain.expire(transcriptKey(row.callId), 3600);
  const day = dayKey(row.projectId, outcome.at);
  chain.hincrby(day, 'ended', 1).hincrby(day, 'durationMs', Math.round(outcome.durationMs));
  if (outcome.transferred) chain.hincrby(day, 'transferred', 1);
  else if (outcome.abandoned) chain.hincrby(day, 'abandoned', 1);
  else chain.hincrby(day, 'handledByBot', 1);
  chain.expire(day, DAY_TTL_S);
}

function parseJson<T>(schema: z.ZodType<T>, raw: string): T | null {
  try {
    const parsed = schema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export async function readLiveCalls(redis: Redis, projectId: string): Promise<LiveCall[]> {
  const rows = Object.values(await redis.hgetall(liveKey(projectId)));
  return rows
    .map((raw) => parseJson(liveCallSchema, raw))
    .filter((row): row is LiveCall => row !== null)
    .sort((a, b) => a.startedAt - b.startedAt);
}

export async function readTranscript(redis: Redis, callId: string): Promise<TranscriptLine[]> {
  return (await redis.lrange(transcriptKey(callId), 0, -1))
    .map((raw) => parseJson(transcriptLineSchema, raw))
    .filter((line): line is TranscriptLine => line !== null);
}

export async function readDayCounters(redis: Redis, projectId: string, at: number): Promise<DayCounters> {
  const raw = await redis.hgetall(dayKey(projectId, at));
  const n = (k: string) => Number(raw[k] ?? 0);
  return {
    ended: n('ended'),
    handledByBot: n('handledByBot'),
    transferred: n('transferred'),
    abandoned: n('abandoned'),
    durationMs: n('durationMs'),
  };
}
