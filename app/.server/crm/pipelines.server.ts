import { isUuid } from '../access/project-access.server.ts';
import { auditAs, type ServiceContext } from '../access/service-context.ts';
import { ServiceError } from '../errors/service-error.ts';
import { db, type Db } from '../db.ts';
import { pipelineNotFound } from './crm-errors.ts';
import type { PipelineInput } from './crm-inputs.ts';
import { toPipelineView, type PipelineView } from './crm-views.ts';

const DEFAULT_STAGES = {
  en: { name: 'Sales', stages: ['New', 'Qualified', 'Proposal', 'Won', 'Lost'] },
  ru: { name: 'Продажи', stages: ['Новая', 'Квалификация', 'Предложение', 'Успешно', 'Провалена'] },
} as const;

/**
 * A project starts with one pipeline, so deals have somewhere to go before anyone sets stages up. Its words are
 * in the project's default language; a project without one takes the language of whoever first needs it (an API
 * client has none: English).
 */
export async function ensureDefaultPipeline(
  projectId: string,
  locale: 'en' | 'ru' = 'en',
  client: Db = db(),
) {
  const existing = await client.crmPipeline.findFirst({ where: { projectId }, orderBy: { position: 'asc' } });
  if (existing) return existing;
  const project = await client.project.findUnique({
    where: { id: projectId },
    select: { defaultLanguage: true },
  });
  const language = project?.defaultLanguage;
  const d = DEFAULT_STAGES[language === 'ru' || language === 'en' ? language : locale];
  return client.crmPipeline.create({
    data: {
      projectId,
      name: d.name,
      stages: {
        create: d.stages.map((name, position) => ({
          projectId,
          name,
          position,
          kind: position === 3 ? 'won' : position === 4 ? 'lost' : 'open',
        })),
      },
    },
  });
}

export async function listPipelines(projectId: string, locale: 'en' | 'ru' = 'en'): Promise<PipelineView[]> {
  await ensureDefaultPipeline(projectId, locale);
  const rows = await db().crmPipeline.findMany({
    where: { projectId },
    include: { stages: true },
    orderBy: [{ position: 'asc' }, { createdAt: 'asc' }],
  });
  return rows.map(toPipelineView);
}

export async function pipelineRow(projectId: string, pipelineId: string) {
  if (!isUuid(pipelineId)) throw pipelineNotFound();
  const row = await db().crmPipeline.findFirst({
    where: { id: pipelineId, projectId },
    include: { stages: true },
  });
  if (!row) throw pipelineNotFound();
  return row;
}

export async function createPipeline(ctx: ServiceContext, input: PipelineInput): Promise<PipelineView> {
  const { projectId } = ctx.access;
  const count = await db().crmPipeline.count({ where: { projectId } });
  const row = await db().crmPipeline.create({
    data: {
      projectId,
      name: input.name,
      position: count,
      stages: {
        create: input.stages.map((s, position) => ({ projectId, name: s.name, kind: s.kind, position })),
      },
    },
    include: { stages: true },
  });
  await auditAs(ctx, {
    action: 'crm.pipeline.create',
    targetType: 'crm_pipeline',
    targetId: row.id,
    diff: { after: { name: input.name } },
  });
  return toPipelineView(row);
}

/**
 * Renames the pipeline and sets its stages in order: stages named by id are kept (with their deals), new
 * ones are added, and a stage left out is removed only when no deal stands in it.
 */
export async function updatePipeline(ctx: ServiceContext, pipelineId: string, input: PipelineInput) {
  const { projectId } = ctx.access;
  const before = await pipelineRow(projectId, pipelineId);
  const keep = new Set(input.stages.map((s) => s.id).filter(Boolean));
  for (const id of keep)
    if (!before.stages.some((s) => s.id === id))
      throw new ServiceError(400, 'validation_failed', 'Some fields are invalid.', {
        stages: ['names a stage of another pipeline'],
      });
  const dropped = before.stages.filter((s) => !keep.has(s.id));
  if (dropped.length) {
    const busy = await db().crmDeal.count({
      where: { projectId, stageId: { in: dropped.map((s) => s.id) } },
    });
    if (busy)
      throw new ServiceError(409, 'stage_has_deals', 'Move the deals out of a stage before removing it.');
  }
  const row = await db().$transaction(async (tx) => {
    await tx.crmStage.deleteMany({ where: { id: { in: dropped.map((s) => s.id) } } });
    for (const [position, s] of input.stages.entries()) {
      if (s.id)
        await tx.crmStage.update({ where: { id: s.id }, data: { name: s.name, kind: s.kind, position } });
      else
        await tx.crmStage.create({
          data: { projectId, pipelineId: before.id, name: s.name, kind: s.kind, position },
        });
    }
    return tx.crmPipeline.update({
      where: { id: before.id },
      data: { name: input.name },
      include: { stages: true },
    });
  });
  await auditAs(ctx, {
    action: 'crm.pipeline.update',
    targetType: 'crm_pipeline',
    targetId: row.id,
    diff: { after: { stages: input.stages.length } },
  });
  return toPipelineView(row);
}

export async function deletePipeline(ctx: ServiceContext, pipelineId: string): Promise<void> {
  const { projectId } = ctx.access;
  const before = await pipelineRow(projectId, pipelineId);
  if (await db().crmDeal.count({ where: { projectId, pipelineId: before.id } }))
    throw new ServiceError(409, 'pipeline_has_deals', 'Delete or move its deals first.');
  await db().crmPipeline.delete({ where: { id: before.id } });
  await auditAs(ctx, {
    action: 'crm.pipeline.delete',
    targetType: 'crm_pipeline',
    targetId: before.id,
    diff: {},
  });
}
