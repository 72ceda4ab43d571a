/**
 * What a SIP connection check answers, step by step. The media server runs the check (SIP lives there) and
 * replies over the telephony bus; the web process reads the reply with this schema.
 */
import { z } from 'zod';

const explanation = z.object({ en: z.string(), ru: z.string() });

export const checkStep = z.object({
  step: z.enum(['dns', 'options', 'register']),
  ok: z.boolean(),
  skipped: z.boolean(),
  sipCode: z.number().int().nullable(),
  latencyMs: z.number().nullable(),
  detail: z.string(),
  explanation,
});
export type CheckStep = z.infer<typeof checkStep>;

export const checkResult = z.object({
  ok: z.boolean(),
  checkedAt: z.string(),
  steps: z.array(checkStep),
});
export type CheckResult = z.infer<typeof checkResult>;

/** The media server's reply: a result, or the connection was not found where it looked. */
export const checkReply = z.discriminatedUnion('found', [
  z.object({ found: z.literal(true), result: checkResult }),
  z.object({ found: z.literal(false) }),
]);
export type CheckReply = z.infer<typeof checkReply>;
