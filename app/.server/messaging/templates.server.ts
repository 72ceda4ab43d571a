/** Message templates per channel and language (issue 22, E12-BE-02). */
import { z } from 'zod';
import { auditAs, type ServiceContext } from '../access/service-context.ts';
import { db } from '../db.ts';
import { ServiceError } from '../errors/service-error.ts';
import { countSms, type SmsCount } from '../../lib/messaging/sms-segments.ts';
import {
  renderTemplate,
  sampleValues,
  templateVariable,
  type TemplateVariable,
} from '../../lib/messaging/message-template.ts';
import { findChannel } from './channels.server.ts';

export const templateInput = z.object({
  channelId: z.uuid(),
  name: z.string().trim().min(1, 'Name is required').max(100),
  language: z.enum(['ru', 'en']).default('ru'),
  subject: z.string().max(200).default(''),
  body: z.string().trim().min(1, 'Write the message').max(5000),
  variables: z.array(templateVariable).max(50).default([]),
});
export const templateUpdateInput = templateInput
  .omit({ channelId: true })
  .partial()
  .refine((v) => Object.keys(v).length > 0, 'Nothing to change');

export interface TemplateView {
  id: string;
  channelId: string;
  name: string;
  language: string;
  subject: string;
  body: string;
  variables: TemplateVariable[];
  /** The body with sample values, and its SMS size. */
  preview: { text: string; sms: SmsCount };
  updatedAt: string;
}

type TemplateRow = Awaited<ReturnType<ReturnType<typeof db>['messageTemplate']['findFirstOrThrow']>>;

export const variablesOf = (raw: unknown): TemplateVariable[] => {
  const parsed = z.array(templateVariable).safeParse(raw);
  return parsed.success ? parsed.data : [];
};

function view(row: TemplateRow): TemplateView {
  const variables = variablesOf(row.variables);
  const rendered = renderTemplate(row.body, sampleValues(row.body, variables), variables);
  const text = rendered.ok ? rendered.text : row.body;
  return {
    id: row.id,
    channelId: row.channelId,
    name: row.name,
    language: row.language,
    subject: row.subject,
    body: row.body,
    variables,
    preview: { text, sms: countSms(text) },
    updatedAt: row.updatedAt.toISOString(),
  };
}

const notFound = () =>
  new ServiceError(404, 'template_not_found', 'No such message template in this project.');
const duplicate = () =>
  new ServiceError(409, 'template_exists', 'A template with this name and language exists on this channel.', {
    name: ['Already used on this channel in this language'],
  });
const isUnique = (e: unknown) => typeof e === 'object' && e !== null && 'code' in e && e.code === 'P2002';

export async function findTemplate(projectId: string, id: string): Promise<TemplateRow> {
  const row = await db().messageTemplate.findFirst({ where: { id, projectId } });
  if (!row) throw notFound();
  return row;
}

export async function listTemplates(projectId: string): Promise<TemplateView[]> {
  const rows = await db().messageTemplate.findMany({ where: { projectId }, orderBy: { name: 'asc' } });
  return rows.map(view);
}

export const getTemplate = async (projectId: string, id: string) => view(await findTemplate(projectId, id));

export async function createTemplate(
  ctx: ServiceContext,
  input: z.infer<typeof templateInput>,
): Promise<TemplateView> {
  const projectId = ctx.access.projectId;
  await findChannel(projectId, input.channelId);
  const row = await db()
    .messageTemplate.create({ data: { projectId, ...input } })
    .catch((e: unknown) => {
      throw isUnique(e) ? duplicate() : e;
    });
  await auditAs(ctx, {
    action: 'message_template.create',
    targetType: 'message_template',
    targetId: row.id,
    diff: { after: { name: row.name, language: row.language } },
  });
  return view(row);
}

export async function updateTemplate(
  ctx: ServiceContext,
  id: string,
  input: z.infer<typeof templateUpdateInput>,
): Promise<TemplateView> {
  const before = await findTemplate(ctx.access.projectId, id);
  const row = await db()
    .messageTemplate.update({ where: { id }, data: input })
    .catch((e: unknown) => {
      throw isUnique(e) ? duplicate() : e;
    });
  await auditAs(ctx, {
    action: 'message_template.update',
    targetType: 'message_template',
    targetId: id,
    diff: { before: { name: before.name, body: before.body }, after: { name: row.name, body: row.body } },
  });
  return view(row);
}

export async function deleteTemplate(ctx: ServiceContext, id: string): Promise<void> {
  const row = await findTemplate(ctx.access.projectId, id);
  await db().messageTemplate.delete({ where: { id } });
  await auditAs(ctx, {
    action: 'message_template.delete',
    targetType: 'message_template',
    targetId: id,
    diff: { before: { name: row.name } },
  });
}
