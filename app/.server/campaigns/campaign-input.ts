/** What a campaign is made of, as the API and the wizard send it. */
import { z } from 'zod';
import { isKnownZone } from '../compliance/phone-zones.ts';

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'HH:MM');
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');
const zone = z.string().refine(isKnownZone, 'Unknown time zone');

export const scheduleInput = z.object({
  startDate: day.optional(),
  endDate: day.optional(),
  /** 1 = Monday … 7 = Sunday */
  weekdays: z.array(z.number().int().min(1).max(7)).min(1).default([1, 2, 3, 4, 5, 6, 7]),
  from: hhmm.default('09:00'),
  to: hhmm.default('20:00'),
  /** For numbers whose zone is unknown and not in the list. */
  defaultTimezone: zone.default('Europe/Moscow'),
});
export type ScheduleInput = z.infer<typeof scheduleInput>;

export const RETRY_OUTCOMES = ['busy', 'no_answer', 'failed', 'machine', 'not_done'] as const;
export type RetryOutcome = (typeof RETRY_OUTCOMES)[number];
const retryRule = z.object({
  retry: z.boolean(),
  /** Wait before the next attempt; doubled for each further one (backoff). */
  delayMinutes: z.number().int().min(1).max(10_080),
});
export const retryInput = z.object({
  busy: retryRule.default({ retry: true, delayMinutes: 15 }),
  no_answer: retryRule.default({ retry: true, delayMinutes: 120 }),
  failed: retryRule.default({ retry: true, delayMinutes: 5 }),
  machine: retryRule.default({ retry: true, delayMinutes: 240 }),
  not_done: retryRule.default({ retry: false, delayMinutes: 1440 }),
});
export type RetryInput = z.infer<typeof retryInput>;

export const doneCriteriaInput = z.object({
  field: z.string().trim().min(1).max(64),
  equals: z.union([z.string().max(200), z.boolean(), z.number()]),
});

const base = {
  name: z.string().trim().min(1, 'Name the campaign').max(120),
  agentId: z.uuid({ error: 'Choose an agent' }),
  versionId: z.uuid().nullable().default(null),
  connectionId: z.uuid({ error: 'Choose a connection' }),
  callerId: z
    .string()
    .trim()
    .max(20)
    .regex(/^\+?\d*$/, 'Digits only, optionally starting with +')
    .default(''),
  schedule: scheduleInput.default(scheduleInput.parse({})),
  maxConcurrent: z.number().int().min(1).max(500).default(2),
  callsPerMinute: z.number().int().min(1).max(6000).default(10),
  maxAttempts: z.number().int().min(1).max(20).default(3),
  retry: retryInput.default(retryInput.parse({})),
  doneCriteria: doneCriteriaInput.nullable().default(null),
  // 'none': no answering-machine detection, so the agent speaks the moment the call is answered.
  machineAction: z.enum(['hangup', 'leave_message', 'none']).default('hangup'),
  purpose: z.string().trim().max(500).default(''),
  requireConsent: z.boolean().default(false),
};

export const createCampaignInput = z.object(base);
export type CreateCampaignInput = z.infer<typeof createCampaignInput>;

/** Every field may change while the campaign is a draft or paused; a running campaign is paused first. */
export const updateCampaignInput = z
  .object({
    name: base.name,
    agentId: base.agentId,
    versionId: z.uuid().nullable(),
    connectionId: base.connectionId,
    callerId: base.callerId,
    schedule: scheduleInput,
    maxConcurrent: base.maxConcurrent,
    callsPerMinute: base.callsPerMinute,
    maxAttempts: base.maxAttempts,
    retry: retryInput,
    doneCriteria: doneCriteriaInput.nullable(),
    machineAction: base.machineAction,
    purpose: base.purpose,
    requireConsent: base.requireConsent,
  })
  .partial();
export type UpdateCampaignInput = z.infer<typeof updateCampaignInput>;

export const CAMPAIGN_STATUSES = ['draft', 'running', 'paused', 'completed', 'cancelled'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];
export const CONTACT_STATUSES = ['pending', 'dialing', 'completed', 'failed', 'dnc', 'cancelled'] as const;
export type ContactStatus = (typeof CONTACT_STATUSES)[number];
