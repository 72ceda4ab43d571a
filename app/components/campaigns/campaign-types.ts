/** What the campaign screens get from the API, checked on arrival. */
import { z } from 'zod';

export const CAMPAIGN_STATUSES = ['draft', 'running', 'paused', 'completed', 'cancelled'] as const;
export const CONTACT_STATUSES = ['pending', 'dialing', 'completed', 'failed', 'dnc', 'cancelled'] as const;

const counts = z.object({
  total: z.number(),
  pending: z.number(),
  dialing: z.number(),
  completed: z.number(),
  failed: z.number(),
  dnc: z.number(),
  cancelled: z.number(),
});

export const campaignSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    status: z.enum(CAMPAIGN_STATUSES),
    agentId: z.string(),
    connectionId: z.string(),
    counts,
    variableNames: z.array(z.string()),
  })
  .loose();
export type CampaignItem = z.infer<typeof campaignSchema>;

export const statsSchema = z.object({
  counts,
  live: z.number(),
  attempts: z.record(z.string(), z.number()),
  refusals: z.record(z.string(), z.number()),
  series: z.array(z.object({ at: z.string(), outcomes: z.record(z.string(), z.number()) })),
  bucketMinutes: z.number(),
});
export type CampaignStats = z.infer<typeof statsSchema>;

export const attemptSchema = z.object({
  id: z.string(),
  number: z.number(),
  status: z.string(),
  outcome: z.string().nullable(),
  sipCode: z.number().nullable(),
  callId: z.string().nullable(),
  dialedAt: z.string().nullable(),
});
export const contactSchema = z.object({
  id: z.string(),
  phone: z.string(),
  name: z.string(),
  status: z.enum(CONTACT_STATUSES),
  attemptCount: z.number(),
  lastOutcome: z.string().nullable(),
  nextAttemptAt: z.string(),
  crmContactId: z.string().nullable().optional(),
  attempts: z.array(attemptSchema),
});
export type ContactItem = z.infer<typeof contactSchema>;
export const contactPageSchema = z.object({
  contacts: z.array(contactSchema),
  total: z.number(),
  nextCursor: z.string().nullable(),
});

export const importSchema = z.object({
  columns: z.array(z.string()),
  mapping: z
    .object({ phone: z.string(), name: z.string().optional(), timezone: z.string().optional() })
    .nullable(),
  variableNames: z.array(z.string()),
  valid: z.number(),
  added: z.number(),
  merged: z.number(),
  duplicates: z.number(),
  errors: z.array(
    z.object({
      row: z.number(),
      value: z.string(),
      reason: z.enum(['empty_phone', 'invalid_phone', 'unknown_timezone']),
    }),
  ),
  dryRun: z.boolean(),
});
export type ImportAnswer = z.infer<typeof importSchema>;

/** The compliance presets (app/.server/compliance/compliance-rules.ts), for the browser. */
export const PRESETS = ['none', 'ru_230fz', 'ru_38fz_advert', 'us_tcpa', 'custom'] as const;
