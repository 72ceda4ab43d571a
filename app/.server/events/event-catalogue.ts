import { z } from 'zod';
import { alertRuleKindSchema } from '../../lib/monitor/monitor-views.ts';

/**
 * The one catalogue of domain events (ADR 018). Each entry is a zod schema for the event's `data` with a
 * version: a producer publishes the newest version, a reader parses any version it knows (old entries stay
 * in the streams for a while). Adding a field that may be absent keeps the version; removing or changing
 * one adds a version beside the old one.
 */
const callRef = { callId: z.string().min(1) };
const sentiment = z.enum(['negative', 'neutral', 'positive']);

export { alertRuleKindSchema, type AlertRuleKind } from '../../lib/monitor/monitor-views.ts';

const callStarted = z.object({
  ...callRef,
  direction: z.enum(['inbound', 'outbound', 'browser', 'test']),
  from: z.string(),
  to: z.string(),
  agentId: z.string().optional(),
  versionId: z.string().optional(),
  /** Set when an outbound campaign placed the call. */
  campaignId: z.string().optional(),
});
const callEnded = z.object({
  ...callRef,
  reason: z.string(),
  disposition: z.string().optional(),
  durationMs: z.number().nonnegative(),
  turns: z.number().int().nonnegative(),
  /** Set when there is a recording: only roles with calls.recordings see it. */
  recordingPath: z.string().optional(),
});
const turnCompleted = z.object({
  ...callRef,
  turn: z.number().int().nonnegative(),
  /** What the caller said (or typed/dialled), absent on the greeting. */
  callerText: z.string().optional(),
  reply: z.string(),
  /** The node the turn ended on (the active node), and the path it took. */
  nodeId: z.string().optional(),
  nodePath: z.array(z.string()),
  latencyMs: z.number().nonnegative().optional(),
  sentiment: sentiment.optional(),
});

/** Declared now, emitted by the issues that build those parts (handoffs, campaigns, messaging, costs). */
const handoff = z.object({
  handoffId: z.string(),
  callId: z.string().optional(),
  queueId: z.string().optional(),
  /** The operator it is offered to or taken by: operators see only their own handoffs. */
  operatorUserId: z.string().optional(),
  status: z.string().optional(),
});
const campaign = z.object({ campaignId: z.string(), status: z.string().optional() }).catchall(z.unknown());
const message = z.object({ messageId: z.string(), channel: z.string().optional() }).catchall(z.unknown());
const cost = z
  .object({ amount: z.number(), currency: z.string(), callId: z.string().optional() })
  .catchall(z.unknown());
const budget = z.object({ budgetId: z.string(), threshold: z.number().optional() }).catchall(z.unknown());

export const EVENT_CATALOGUE = {
  'call.started': { 1: callStarted },
  'call.ringing': { 1: z.object({ ...callRef, from: z.string(), to: z.string() }) },
  'turn.completed': { 1: turnCompleted },
  'call.transferred': {
    1: z.object({ ...callRef, target: z.string(), mode: z.enum(['warm', 'cold']), ok: z.boolean() }),
  },
  'call.ended': { 1: callEnded },
  'call.alert': {
    1: z.object({
      ...callRef,
      rule: alertRuleKindSchema,
      message: z.string(),
      /** The last lines of the call, so a webhook or a pager has the context. */
      lastTurns: z.array(z.object({ callerText: z.string().optional(), reply: z.string() })).max(5),
    }),
  },
  'handoff.requested': { 1: handoff },
  'handoff.accepted': { 1: handoff },
  'handoff.completed': { 1: handoff },
  'campaign.started': { 1: campaign },
  'campaign.progress': { 1: campaign },
  'campaign.completed': { 1: campaign },
  'message.sent': { 1: message },
  'message.received': { 1: message },
  'message.failed': { 1: message },
  'cost.recorded': { 1: cost },
  'budget.threshold': { 1: budget },
  'budget.exceeded': { 1: budget },
  /** Sent to one webhook by "send test event"; never published on the bus. */
  'webhook.test': { 1: z.object({ message: z.string() }) },
} as const satisfies Record<string, Record<number, z.ZodType>>;

type Catalogue = typeof EVENT_CATALOGUE;
export type EventType = keyof Catalogue;
export const EVENT_TYPES = Object.keys(EVENT_CATALOGUE) as EventType[];
export const eventTypeSchema = z.enum(EVENT_TYPES as [EventType, ...EventType[]]);

type Latest<T extends EventType> = Catalogue[T][keyof Catalogue[T]];
export type EventData<T extends EventType> = Latest<T> extends z.ZodType ? z.infer<Latest<T>> : never;

/** The envelope every event travels in; `id` is the producer's (idempotency), `streamId` Redis' (order). */
export const envelopeSchema = z.object({
  id: z.uuid(),
  type: eventTypeSchema,
  version: z.number().int().positive(),
  projectId: z.uuid(),
  /** Epoch milliseconds at the producer. */
  at: z.number(),
  data: z.record(z.string(), z.unknown()),
});
export type EventEnvelope = z.infer<typeof envelopeSchema>;

export type DomainEvent = {
  [T in EventType]: Omit<EventEnvelope, 'type' | 'data'> & { type: T; data: EventData<T> };
}[EventType];

export function latestVersion(type: EventType): number {
  return Math.max(...Object.keys(EVENT_CATALOGUE[type]).map(Number));
}

/** Checks an envelope against its type's schema at its version; null when unknown or invalid. */
export function parseEvent(raw: unknown): DomainEvent | null {
  const envelope = envelopeSchema.safeParse(raw);
  if (!envelope.success) return null;
  const versions = EVENT_CATALOGUE[envelope.data.type] as Record<number, z.ZodType>;
  const schema = versions[envelope.data.version];
  if (!schema) return null;
  const data = schema.safeParse(envelope.data.data);
  if (!data.success) return null;
  return { ...envelope.data, data: data.data } as DomainEvent;
}

/** The call an event is about, when it is about one (subscriptions to one call filter on it). */
export function callIdOf(event: DomainEvent): string | undefined {
  const data = event.data as { callId?: unknown };
  return typeof data.callId === 'string' ? data.callId : undefined;
}
