import { auditAs, type ServiceContext } from '../access/service-context.ts';
import { ServiceError } from '../errors/service-error.ts';
import { db } from '../db.ts';
import { knowledgeSettings } from './knowledge-settings.server.ts';

export interface KnowledgeBaseView {
  id: string;
  name: string;
  description: string;
  sources: number;
  chunks: number;
  createdAt: Date;
  updatedAt: Date;
}

export async function listKnowledgeBases(projectId: string): Promise<KnowledgeBaseView[]> {
  const rows = await db().knowledgeBase.findMany({
    where: { projectId },
    include: { sources: { select: { chunkCount: true } } },
    orderBy: { name: 'asc' },
  });
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    description: r.description,
    sources: r.sources.length,
    chunks: r.sources.reduce((sum, s) => sum + s.chunkCount, 0),
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  }));
}

export async function createKnowledgeBase(
  ctx: ServiceContext,
  input: { name: string; description: string },
): Promise<KnowledgeBaseView> {
  const taken = await db().knowledgeBase.findFirst({
    where: { projectId: ctx.access.projectId, name: input.name },
    select: { id: true },
  });
  if (taken) {
    throw new ServiceError(409, 'name_taken', 'A knowledge base with this name exists.', {
      name: ['A knowledge base with this name exists'],
    });
  }
  const kb = await db().knowledgeBase.create({ data: { projectId: ctx.access.projectId, ...input } });
  await auditAs(ctx, {
    action: 'knowledge.base_create',
    targetType: 'knowledge_base',
    targetId: kb.id,
    diff: { after: input },
  });
  return { ...kb, sources: 0, chunks: 0 };
}

export async function deleteKnowledgeBase(ctx: ServiceContext, kbId: string): Promise<void> {
  const kb = await db().knowledgeBase.findFirst({ where: { id: kbId, projectId: ctx.access.projectId } });
  if (!kb) throw new ServiceError(404, 'knowledge_base_not_found', 'No such knowledge base in this project.');
  await db().knowledgeBase.delete({ where: { id: kb.id } });
  await knowledgeSettings()
    .typesense?.deleteKnowledgeBase(kb.id)
    .catch(() => undefined);
  await auditAs(ctx, {
    action: 'knowledge.base_delete',
    targetType: 'knowledge_base',
    targetId: kb.id,
    diff: { before: { name: kb.name } },
  });
}

export const knowledgeBaseNotFound = () =>
  new ServiceError(404, 'knowledge_base_not_found', 'No such knowledge base in this project.');

/** One knowledge base of the project (name and description); 404 for one of another project. */
export async function requireKnowledgeBase(projectId: string, kbId: string) {
  const kb = await db().knowledgeBase.findFirst({
    where: { id: kbId, projectId },
    select: { id: true, name: true, description: true },
  });
  if (!kb) throw knowledgeBaseNotFound();
  return kb;
}
