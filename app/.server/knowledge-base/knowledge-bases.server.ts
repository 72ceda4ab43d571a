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

/** The project's knowledge bases (or the one named by `id`) with their source and chunk counts. */
export async function listKnowledgeBases(projectId: string, id?: string): Promise<KnowledgeBaseView[]> {
  const rows = await db().knowledgeBase.findMany({
    where: { projectId, ...(id ? { id } : {}) },
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
  // Deleting one that agents use would leave their blocks searching nothing: name them and refuse.
  const users = await knowledgeBaseUsers(ctx.access.projectId, kb.id);
  if (users.length > 0)
    throw new ServiceError(
      409,
      'knowledge_base_in_use',
      `Used by ${users.map((u) => u.name).join(', ')}: remove it from their flows first.`,
    );
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

/**
 * The agents whose draft or live version names this knowledge base (a block's list or the flow's own), so a
 * rename can say who is affected and a delete can refuse while any use it. A knowledge base is named by its id,
 * which is a UUID, so finding it in a graph's text is exact.
 */
export async function knowledgeBaseUsers(
  projectId: string,
  kbId: string,
): Promise<{ id: string; name: string }[]> {
  const needle = `%"${kbId}"%`;
  return db().$queryRaw<{ id: string; name: string }[]>`
    SELECT a.id, a.name FROM agents a
    LEFT JOIN agent_versions v ON v.id = a."liveVersionId"
    WHERE a."projectId" = ${projectId}::uuid
      AND (a."draftGraph"::text LIKE ${needle} OR v.graph::text LIKE ${needle})
    ORDER BY a.name`;
}

/** Renames a knowledge base (and its description); agents keep using it, they name it by id. */
export async function renameKnowledgeBase(
  ctx: ServiceContext,
  kbId: string,
  input: { name: string; description?: string },
): Promise<KnowledgeBaseView> {
  const kb = await db().knowledgeBase.findFirst({ where: { id: kbId, projectId: ctx.access.projectId } });
  if (!kb) throw knowledgeBaseNotFound();
  const taken = await db().knowledgeBase.findFirst({
    where: { projectId: ctx.access.projectId, name: input.name, id: { not: kbId } },
    select: { id: true },
  });
  if (taken)
    throw new ServiceError(409, 'name_taken', 'A knowledge base with this name exists.', {
      name: ['A knowledge base with this name exists'],
    });
  const data = {
    name: input.name,
    ...(input.description === undefined ? {} : { description: input.description }),
  };
  await db().knowledgeBase.update({ where: { id: kb.id }, data });
  await auditAs(ctx, {
    action: 'knowledge.base_update',
    targetType: 'knowledge_base',
    targetId: kb.id,
    diff: { before: { name: kb.name, description: kb.description }, after: data },
  });
  const [view] = await listKnowledgeBases(ctx.access.projectId, kb.id);
  if (!view) throw knowledgeBaseNotFound();
  return view;
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
