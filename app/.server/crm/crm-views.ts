// What the CRM API answers, as zod schemas (the OpenAPI file) and the mappers from rows.
import { z } from 'zod';
import type {
  CrmActivity,
  CrmContact,
  CrmDeal,
  CrmField,
  CrmPipeline,
  CrmStage,
} from '../../../prisma/generated/prisma/client.ts';
import { isoDateTime } from '../api/api-schemas.ts';

type Values = Record<string, string | number | boolean | null>;
const values = z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]));

export const contactView = z
  .object({
    id: z.uuid(),
    name: z.string(),
    company: z.string(),
    phones: z.array(z.string()).describe('E.164'),
    emails: z.array(z.string()),
    tags: z.array(z.string()),
    fields: values,
    ownerId: z.uuid().nullable(),
    source: z.string(),
    lastActivityAt: isoDateTime.nullable(),
    createdAt: isoDateTime,
    updatedAt: isoDateTime,
  })
  .meta({ id: 'CrmContact' });
export type ContactView = z.infer<typeof contactView>;
export const contactList = z.object({ contacts: z.array(contactView), nextCursor: z.string().nullable() });

export function toContactView(c: CrmContact): ContactView {
  return {
    id: c.id,
    name: c.name,
    company: c.company,
    phones: c.phones,
    emails: c.emails,
    tags: c.tags,
    fields: (c.fields ?? {}) as Values,
    ownerId: c.ownerId,
    source: c.source,
    lastActivityAt: c.lastActivityAt?.toISOString() ?? null,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
  };
}

export const stageView = z.object({
  id: z.uuid(),
  name: z.string(),
  position: z.number().int(),
  kind: z.string(),
});
export const pipelineView = z
  .object({ id: z.uuid(), name: z.string(), position: z.number().int(), stages: z.array(stageView) })
  .meta({ id: 'CrmPipeline' });
export type PipelineView = z.infer<typeof pipelineView>;
export const pipelineList = z.object({ pipelines: z.array(pipelineView) });

export function toPipelineView(p: CrmPipeline & { stages: CrmStage[] }): PipelineView {
  return {
    id: p.id,
    name: p.name,
    position: p.position,
    stages: [...p.stages]
      .sort((a, b) => a.position - b.position)
      .map((s) => ({ id: s.id, name: s.name, position: s.position, kind: s.kind })),
  };
}

export const dealView = z
  .object({
    id: z.uuid(),
    title: z.string(),
    contactId: z.uuid().nullable(),
    contactName: z.string().nullable(),
    pipelineId: z.uuid(),
    stageId: z.uuid(),
    amount: z.number().nullable(),
    currency: z.string(),
    ownerId: z.uuid().nullable(),
    closeDate: z.string().nullable().describe('YYYY-MM-DD'),
    fields: values,
    position: z.number(),
    createdAt: isoDateTime,
    updatedAt: isoDateTime,
  })
  .meta({ id: 'CrmDeal' });
export type DealView = z.infer<typeof dealView>;
export const dealList = z.object({ deals: z.array(dealView) });

export function toDealView(d: CrmDeal & { contact?: { name: string } | null }): DealView {
  return {
    id: d.id,
    title: d.title,
    contactId: d.contactId,
    contactName: d.contact?.name ?? null,
    pipelineId: d.pipelineId,
    stageId: d.stageId,
    amount: d.amount === null ? null : Number(d.amount),
    currency: d.currency,
    ownerId: d.ownerId,
    closeDate: d.closeDate?.toISOString().slice(0, 10) ?? null,
    fields: (d.fields ?? {}) as Values,
    position: d.position,
    createdAt: d.createdAt.toISOString(),
    updatedAt: d.updatedAt.toISOString(),
  };
}

export const activityView = z
  .object({
    id: z.uuid(),
    type: z.string().describe('call | message | note | task | stage_change'),
    contactId: z.uuid().nullable(),
    dealId: z.uuid().nullable(),
    title: z.string(),
    body: z.string(),
    callId: z.uuid().nullable(),
    data: z
      .record(z.string(), z.unknown())
      .describe(
        'call: direction, durationMs, summary, outcomes, disposition, hasRecording; stage_change: from, to',
      ),
    dueAt: isoDateTime.nullable(),
    doneAt: isoDateTime.nullable(),
    authorId: z.uuid().nullable(),
    occurredAt: isoDateTime,
  })
  .meta({ id: 'CrmActivity' });
export type ActivityView = z.infer<typeof activityView>;
export const activityList = z.object({
  activities: z.array(activityView),
  nextCursor: z.string().nullable(),
});

export function toActivityView(a: CrmActivity): ActivityView {
  return {
    id: a.id,
    type: a.type,
    contactId: a.contactId,
    dealId: a.dealId,
    title: a.title,
    body: a.body,
    callId: a.callId,
    data: (a.data ?? {}) as Record<string, unknown>,
    dueAt: a.dueAt?.toISOString() ?? null,
    doneAt: a.doneAt?.toISOString() ?? null,
    authorId: a.authorId,
    occurredAt: a.occurredAt.toISOString(),
  };
}

export const fieldView = z
  .object({
    id: z.uuid(),
    entity: z.string(),
    key: z.string(),
    label: z.string(),
    type: z.string(),
    options: z.array(z.string()),
    position: z.number().int(),
  })
  .meta({ id: 'CrmField' });
export type FieldView = z.infer<typeof fieldView>;
export const fieldList = z.object({ fields: z.array(fieldView) });
export const toFieldView = (f: CrmField): FieldView => ({
  id: f.id,
  entity: f.entity,
  key: f.key,
  label: f.label,
  type: f.type,
  options: f.options,
  position: f.position,
});

export const importResult = z.object({
  created: z.number().int(),
  updated: z.number().int().describe('Rows whose phone or email matched an existing contact'),
  errors: z
    .array(z.object({ row: z.number().int().describe('1-based, the header is row 1'), message: z.string() }))
    .describe('Rows that were not imported, and why'),
});
export type ImportResult = z.infer<typeof importResult>;

export const mergeResult = z.object({
  contact: contactView,
  merged: z.number().int(),
  activitiesMoved: z.number().int(),
});

export const contactExport = z
  .object({
    contact: contactView,
    deals: z.array(dealView),
    activities: z.array(activityView),
    calls: z.array(
      z.object({
        id: z.uuid(),
        startedAt: isoDateTime,
        direction: z.string(),
        fromNumber: z.string(),
        toNumber: z.string(),
      }),
    ),
  })
  .describe('Everything stored about one person (152-FZ subject access request)');
