// What the CRM API accepts: zod schemas the routes validate with and the OpenAPI file documents.
import { z } from 'zod';
import {
  ACTIVITY_TYPES,
  CURRENCIES,
  FIELD_ENTITIES,
  FIELD_TYPES,
  STAGE_KINDS,
} from '../../lib/crm/crm-values.ts';

const text = (max: number) => z.string().trim().max(max, `at most ${max} characters`);
const fieldValues = z
  .record(z.string().max(64), z.union([z.string().max(2000), z.number(), z.boolean(), z.null()]))
  .refine((v) => Object.keys(v).length <= 100, 'at most 100 fields');

export const contactInput = z.object({
  name: text(200).default(''),
  company: text(200).default(''),
  phones: z.array(text(40)).max(10, 'at most 10 phones').default([]),
  emails: z.array(z.email('must be an email address').max(200)).max(10, 'at most 10 emails').default([]),
  tags: z.array(text(60).min(1)).max(30, 'at most 30 tags').default([]),
  fields: fieldValues.default({}),
  ownerId: z.uuid('must be a user id').nullable().default(null),
});
export type ContactInput = z.infer<typeof contactInput>;

export const contactPatch = z
  .object({
    name: text(200),
    company: text(200),
    phones: z.array(text(40)).max(10, 'at most 10 phones'),
    emails: z.array(z.email('must be an email address').max(200)).max(10, 'at most 10 emails'),
    tags: z.array(text(60).min(1)).max(30, 'at most 30 tags'),
    fields: fieldValues,
    ownerId: z.uuid('must be a user id').nullable(),
  })
  .partial()
  .refine((v) => Object.keys(v).length > 0, { message: 'nothing to change', path: ['_'] });
export type ContactPatch = z.infer<typeof contactPatch>;

export const contactListQuery = z.object({
  phone: text(40).optional().describe('Exact lookup by phone in any common format (E.164, 8…, spaces)'),
  q: text(200).optional().describe('Search by name, company, email or phone digits'),
  tag: text(60).optional(),
  ownerId: z.uuid('must be a user id').optional(),
  cursor: z.uuid('must be the nextCursor of a previous page').optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type ContactListQuery = z.infer<typeof contactListQuery>;

export const mergeInput = z.object({
  duplicateIds: z.array(z.uuid('must be a contact id')).min(1).max(50),
});

export const noteInput = z.object({ body: text(10_000).min(1, 'must not be empty') });

export const importInput = z.object({
  csv: z.string().min(1, 'must not be empty').max(20_000_000),
  /** File column header → name | phone | email | company | tags | skip | field:<key>. */
  mapping: z.record(
    z.string().max(200),
    z.string().regex(/^(name|phone|email|company|tags|skip|field:[a-z0-9_]+)$/),
  ),
  tags: z.array(text(60).min(1)).max(10).default([]),
});
export type ImportInput = z.infer<typeof importInput>;

export const dealInput = z.object({
  title: text(300).min(1, 'must not be empty'),
  contactId: z.uuid('must be a contact id').nullable().default(null),
  pipelineId: z.uuid('must be a pipeline id').optional().describe('Default: the first pipeline'),
  stageId: z.uuid('must be a stage id').optional().describe('Default: the first stage of the pipeline'),
  amount: z.number().min(0).max(999_999_999_999).nullable().default(null),
  currency: z.enum(CURRENCIES).default('RUB'),
  ownerId: z.uuid('must be a user id').nullable().default(null),
  closeDate: z.iso.date('must be YYYY-MM-DD').nullable().default(null),
  fields: fieldValues.default({}),
});
export type DealInput = z.infer<typeof dealInput>;

export const dealPatch = z
  .object({
    title: text(300).min(1),
    contactId: z.uuid('must be a contact id').nullable(),
    stageId: z.uuid('must be a stage id'),
    /** Place it before this deal of the target stage (the board's drop); absent: at the end. */
    beforeId: z.uuid('must be a deal id').nullable(),
    amount: z.number().min(0).max(999_999_999_999).nullable(),
    currency: z.enum(CURRENCIES),
    ownerId: z.uuid('must be a user id').nullable(),
    closeDate: z.iso.date('must be YYYY-MM-DD').nullable(),
    fields: fieldValues,
  })
  .partial()
  .refine((v) => Object.keys(v).length > 0, { message: 'nothing to change', path: ['_'] });
export type DealPatch = z.infer<typeof dealPatch>;

export const dealListQuery = z.object({
  pipelineId: z.uuid('must be a pipeline id').optional(),
  stageId: z.uuid('must be a stage id').optional(),
  contactId: z.uuid('must be a contact id').optional(),
  /** Deals to skip (a board column's "show more"). */
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  limit: z.coerce.number().int().min(1).max(10_000).default(500),
});

const stageInput = z.object({
  id: z.uuid().optional().describe('Keep an existing stage (its deals stay)'),
  name: text(100).min(1, 'must not be empty'),
  kind: z.enum(STAGE_KINDS).default('open'),
});
export const pipelineInput = z.object({
  name: text(100).min(1, 'must not be empty'),
  stages: z.array(stageInput).min(1, 'at least one stage').max(30),
});
export type PipelineInput = z.infer<typeof pipelineInput>;

export const activityInput = z.object({
  type: z.enum(['note', 'task', 'message']),
  contactId: z.uuid('must be a contact id').nullable().default(null),
  dealId: z.uuid('must be a deal id').nullable().default(null),
  title: text(300).default(''),
  body: text(10_000).default(''),
  dueAt: z.iso.datetime({ offset: true }).nullable().default(null),
});
export type ActivityInput = z.infer<typeof activityInput>;

export const activityPatch = z
  .object({
    done: z.boolean(),
    title: text(300),
    body: text(10_000),
    dueAt: z.iso.datetime({ offset: true }).nullable(),
  })
  .partial()
  .refine((v) => Object.keys(v).length > 0, { message: 'nothing to change', path: ['_'] });

export const activityListQuery = z.object({
  contactId: z.uuid('must be a contact id').optional(),
  dealId: z.uuid('must be a deal id').optional(),
  type: z.enum(ACTIVITY_TYPES).optional(),
  /** Open tasks due by the end of today (the server's day in UTC offset `tz` minutes). */
  due: z.enum(['today', 'overdue', 'open']).optional(),
  tzOffsetMinutes: z.coerce.number().int().min(-840).max(840).default(0),
  cursor: z.uuid('must be the nextCursor of a previous page').optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type ActivityListQuery = z.infer<typeof activityListQuery>;

export const fieldInput = z.object({
  entity: z.enum(FIELD_ENTITIES),
  key: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'lowercase letters, digits and _, starting with a letter'),
  label: text(100).min(1, 'must not be empty'),
  type: z.enum(FIELD_TYPES).default('text'),
  options: z.array(text(100).min(1)).max(50).default([]),
});
export type FieldInput = z.infer<typeof fieldInput>;
