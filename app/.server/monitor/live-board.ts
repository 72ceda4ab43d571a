import type { ChainableCommander, Redis } from 'ioredis';
import { z } from 'zod';
import { alertRuleKindSchema } from '../events/event-catalogue.ts';

/**
 * The live monitor's state in Redis, kept by the media server that owns each call (it writes the row in the
 * same transaction as the event it publishes), so any web process answers a snapshot without Postgres and
 * without the workers: live calls per project, the recent transcript per call, today's counters.
 */
export const liveAlertSchema = z.object({ rule: alertRuleKindSchema, message: z.string(), at: z.number() });
export const liveCallSchema = z.object({
  callId: z.string(),
  projectId: z.string(),
  agentId: z.string().optional(),
  versionId: z.string().optional(),
  direction: z.enum(['inbound', 'outbound', 'browser', 'test']),
  from: z.string(),
  to: z.string(),
  startedAt: z.number(),
  nodeId: z.string().optional(),
  lastCallerText: z.string().optional(),
  lastReply: z.string().optional(),
  sentiment: z.enum(['negative', 'neutral', 'positive']).optional(),
  turns: z.number().int(),
  /** Transferred to an operator and not yet answered or ended. */
  waitingSince: z.number().optional(),
  alerts: z.array(liveAlertSchema),
});
export type LiveCall = z.infer<typeof liveCallSchema>;

export const transcriptLineSchema = z.object({
  at: z.number(),
  speaker: z.enum(['caller', 'bot', 'alert']),
  text: z.string(),
  nodeId: z.string().optional(),
});
export type TranscriptLine = z.infer<typeof transcriptLineSchema>;

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
