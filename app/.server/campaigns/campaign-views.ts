/** Campaigns, contacts and attempts as the API answers them (zod, for the OpenAPI document). */
import { z } from 'zod';
import {
  CAMPAIGN_STATUSES,
  CONTACT_STATUSES,
  doneCriteriaInput,
  retryInput,
  scheduleInput,
} from './campaign-input.ts';

const counts = z.object({
  total: z.number().int(),
  pending: z.number().int(),
  dialing: z.number().int(),
  completed: z.number().int(),
  failed: z.number().int(),
  dnc: z.number().int(),
  cancelled: z.number().int(),
});
export type ContactCounts = z.infer<typeof counts>;

export const campaignView = z.object({
  id: z.uuid(),
  name: z.string(),
  status: z.enum(CAMPAIGN_STATUSES),
  agentId: z.uuid(),
  versionId: z.uuid().nullable(),
  connectionId: z.uuid(),
  callerId: z.string(),
  schedule: scheduleInput,
  maxConcurrent: z.number().int(),
  callsPerMinute: z.number().int(),
  maxAttempts: z.number().int(),
  retry: retryInput,
  doneCriteria: doneCriteriaInput.nullable(),
  machineAction: z.enum(['hangup', 'leave_message', 'none']),
  purpose: z.string(),
  requireConsent: z.boolean(),
  variableNames: z.array(z.string()),
  counts,
  startedAt: z.iso.datetime().nullable(),
  completedAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
});
export type CampaignView = Omit<z.infer<typeof campaignView>, 'startedAt' | 'completedAt' | 'createdAt'> & {
  startedAt: Date | null;
  completedAt: Date | null;
  createdAt: Date;
};
export const campaignList = z.object({ campaigns: z.array(campaignView) });

export const attemptView = z.object({
  id: z.uuid(),
  number: z.number().int(),
  status: z.string(),
  outcome: z.string().nullable(),
  sipCode: z.number().int().nullable(),
  reason: z.string(),
  callId: z.uuid().nullable(),
  dialedAt: z.iso.datetime().nullable(),
  endedAt: z.iso.datetime().nullable(),
});

export const contactView = z.object({
  id: z.uuid(),
  phone: z.string(),
  name: z.string(),
  timezone: z.string().nullable(),
  variables: z.record(z.string(), z.string()),
  status: z.enum(CONTACT_STATUSES),
  attemptCount: z.number().int(),
  lastOutcome: z.string().nullable(),
  nextAttemptAt: z.iso.datetime(),
  outcomes: z.record(z.string(), z.unknown()),
  rows: z.array(z.number().int()),
  /** The CRM contact with this number (found or created on upload); null once erased from the CRM. */
  crmContactId: z.uuid().nullable(),
  attempts: z.array(attemptView),
});
export const contactPage = z.object({
  contacts: z.array(contactView),
  total: z.number().int(),
  nextCursor: z.string().nullable(),
});

export const rowError = z.object({
  row: z.number().int(),
  value: z.string(),
  reason: z.enum(['empty_phone', 'invalid_phone', 'unknown_timezone']),
});
export const importResult = z.object({
  columns: z.array(z.string()),
  mapping: z
    .object({ phone: z.string(), name: z.string().optional(), timezone: z.string().optional() })
    .nullable(),
  variableNames: z.array(z.string()),
  preview: z.array(
    z.object({
      phone: z.string(),
      name: z.string(),
      timezone: z.string().nullable(),
      variables: z.record(z.string(), z.string()),
      rows: z.array(z.number().int()),
    }),
  ),
  valid: z.number().int(),
  added: z.number().int(),
  merged: z.number().int(),
  duplicates: z.number().int(),
  errors: z.array(rowError),
  dryRun: z.boolean(),
});

export const statsView = z.object({
  counts,
  live: z.number().int(),
  attempts: z.record(z.string(), z.number().int()),
  refusals: z.record(z.string(), z.number().int()),
  /** Calls per bucket by outcome, for the chart. */
  series: z.array(z.object({ at: z.iso.datetime(), outcomes: z.record(z.string(), z.number().int()) })),
  bucketMinutes: z.number().int(),
});
