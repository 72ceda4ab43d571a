import { z } from 'zod';
import { AFTER_WAIT, OPERATOR_SET_STATUSES } from '../../lib/handoffs/handoff-views.ts';
import { workingHoursInput } from '../telephony/working-hours.ts';

export * from '../../lib/handoffs/handoff-views.ts';

/** Skills are short tags: a language code (`ru`, `en`) or a topic (`billing`). */
const skill = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .regex(/^[\p{L}\p{N}_-]+$/u, 'letters, digits, _ and -');

/** The queue's open intervals per weekday, read in the project's time zone; a day absent or empty is closed. */
export const queueHoursInput = workingHoursInput.pick({ days: true }).strict();
export type QueueHours = z.infer<typeof queueHoursInput>;

/** Stored hours that no longer parse count as always open, as the media server reads them. */
export function readHours(value: unknown): QueueHours | null {
  if (value === null || value === undefined) return null;
  const parsed = queueHoursInput.safeParse(value);
  return parsed.success ? parsed.data : null;
}

export const createQueueInput = z
  .object({
    name: z.string().trim().min(1).max(80),
    languages: z.array(skill).max(20).default([]),
    topics: z.array(skill).max(20).default([]),
    priority: z.number().int().min(0).max(100).default(0),
    maxWaitSeconds: z.number().int().min(10).max(3600).default(300),
    afterWait: z.enum(AFTER_WAIT).default('hangup'),
    /** The flow node a caller goes back to when `afterWait` is `node`. */
    afterWaitNodeId: z.string().trim().min(1).max(100).nullable().default(null),
    afterWaitMessage: z.string().max(500).default(''),
    /** The phone number (`number`) or the other queue's name (`queue`). */
    afterWaitTarget: z.string().trim().max(200).default(''),
    /** Null: always open. */
    workingHours: queueHoursInput.nullable().default(null),
    offerTimeoutSeconds: z.number().int().min(5).max(120).default(20),
    /** How often a waiting caller hears their position and wait (0: never, the hold tone only). */
    announceEverySeconds: z.number().int().min(0).max(600).default(30),
    /** After a call, the operator's wrap-up lasts at most this long. */
    wrapUpSeconds: z.number().int().min(0).max(3600).default(60),
  })
  .strict();
export type CreateQueueInput = z.infer<typeof createQueueInput>;

export const updateQueueInput = createQueueInput.partial().strict();
export type UpdateQueueInput = z.infer<typeof updateQueueInput>;

export const queueView = z.object({
  id: z.uuid(),
  name: z.string(),
  languages: z.array(z.string()),
  topics: z.array(z.string()),
  priority: z.number().int(),
  maxWaitSeconds: z.number().int(),
  afterWait: z.enum(AFTER_WAIT),
  afterWaitNodeId: z.string().nullable(),
  afterWaitMessage: z.string(),
  afterWaitTarget: z.string(),
  workingHours: queueHoursInput.nullable(),
  offerTimeoutSeconds: z.number().int(),
  announceEverySeconds: z.number().int(),
  wrapUpSeconds: z.number().int(),
  /** Callers waiting now (queued or being offered). */
  waiting: z.number().int(),
  createdAt: z.iso.datetime(),
});
export type QueueView = z.infer<typeof queueView>;
export const queueList = z.object({ queues: z.array(queueView) });

export const presenceInput = z
  .object({
    status: z.enum(OPERATOR_SET_STATUSES),
    /** The operator's skills; unchanged when absent. */
    languages: z.array(skill).max(20).optional(),
    topics: z.array(skill).max(20).optional(),
  })
  .strict();
export type PresenceInput = z.infer<typeof presenceInput>;
