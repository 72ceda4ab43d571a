import { z } from 'zod';

// What the browser and the API share about handoffs (issue 20): presence, statuses, the packet and the views.

/** Presence an operator sets; `offered`, `busy` and `wrap_up` are the system's. */
export const OPERATOR_SET_STATUSES = ['online', 'away', 'offline'] as const;
export const OPERATOR_STATUSES = [...OPERATOR_SET_STATUSES, 'offered', 'busy', 'wrap_up'] as const;
export type OperatorStatus = (typeof OPERATOR_STATUSES)[number];

export const presenceView = z.object({
  userId: z.uuid(),
  status: z.enum(OPERATOR_STATUSES),
  languages: z.array(z.string()),
  topics: z.array(z.string()),
  idleSince: z.iso.datetime(),
});
export type PresenceView = z.infer<typeof presenceView>;

/**
 * What a caller gets after the queue's maximum wait, or at once when the queue is closed: back to a block of
 * the flow, a callback request (their number saved for later) and goodbye, a transfer to a phone
 * number, or another queue.
 */
export const AFTER_WAIT = ['node', 'callback', 'hangup', 'number', 'queue'] as const;
export type AfterWait = (typeof AFTER_WAIT)[number];

export const HANDOFF_STATUSES = [
  'queued',
  'offered',
  'accepted',
  'completed',
  'abandoned',
  'overflowed',
] as const;
export type HandoffStatus = (typeof HANDOFF_STATUSES)[number];

/** What the operator reads before accepting (the flow's handoff packet, as the Transfer block built it). */
export const handoffPacket = z
  .object({
    reason: z.string().default(''),
    summary: z.string().default(''),
    language: z.string().optional(),
    slots: z.record(z.string(), z.unknown()).default({}),
    variables: z.record(z.string(), z.unknown()).optional(),
    transcriptExcerpt: z.array(z.object({ speaker: z.string(), text: z.string() })).default([]),
  })
  .catchall(z.unknown());
export type HandoffPacket = z.infer<typeof handoffPacket>;

/** What an operator can file a finished call as (the wrap-up form's list). */
export const WRAP_DISPOSITIONS = [
  'resolved',
  'follow_up',
  'escalated',
  'not_resolved',
  'wrong_number',
] as const;
export type WrapDisposition = (typeof WRAP_DISPOSITIONS)[number];

export const wrapUpInput = z
  .object({
    disposition: z.enum(WRAP_DISPOSITIONS),
    note: z.string().trim().max(2000).default(''),
  })
  .strict();
export type WrapUpInput = z.infer<typeof wrapUpInput>;

/** A one-use ticket for the operator's browser audio, and the media server's WebSocket URL with it. */
export const operatorAudioView = z.object({
  ticket: z.string(),
  url: z.string(),
  expiresIn: z.number().int(),
});

export const handoffView = z.object({
  id: z.uuid(),
  queueId: z.uuid(),
  queueName: z.string(),
  callId: z.string().nullable(),
  status: z.enum(HANDOFF_STATUSES),
  language: z.string().nullable(),
  operatorUserId: z.uuid().nullable(),
  packet: handoffPacket,
  offeredAt: z.iso.datetime().nullable(),
  offerExpiresAt: z.iso.datetime().nullable(),
  acceptedAt: z.iso.datetime().nullable(),
  /** When the operator's audio reached the caller. */
  connectedAt: z.iso.datetime().nullable(),
  endedAt: z.iso.datetime().nullable(),
  /** The queue's wrap-up time: after it the operator is online again, form saved or not. */
  wrapUpSeconds: z.number().int(),
  /** An accepted call's flow blocks the operator can hand the caller back to (empty otherwise). */
  returnNodes: z.array(z.object({ id: z.string(), type: z.string(), label: z.string() })).default([]),
  wrapUp: z
    .object({ disposition: z.enum(WRAP_DISPOSITIONS), note: z.string(), at: z.iso.datetime() })
    .nullable(),
  createdAt: z.iso.datetime(),
});
export type HandoffView = z.infer<typeof handoffView>;
export const handoffList = z.object({ handoffs: z.array(handoffView) });
