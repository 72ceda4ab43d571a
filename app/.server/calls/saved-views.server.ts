import { z } from 'zod';
import { isUuid } from '../access/project-access.server.ts';
import { auditAs, type ServiceContext } from '../access/service-context.ts';
import { db } from '../db.ts';

/*
 * Saved views of the Inbox: a name for a set of list filters (the screen's query string). Each belongs to
 * the person who saved it, in one project; saving under a name they already use replaces it. Changes are
 * audited like any other.
 */

export const savedViewInput = z.object({
  name: z.string().trim().min(1, 'required').max(60, 'at most 60 characters'),
  query: z.string().max(2000),
});
export type SavedViewInput = z.infer<typeof savedViewInput>;

export interface SavedView {
  id: string;
  name: string;
  query: string;
}

function personOf(ctx: ServiceContext): string {
  // Views are a person's; an API key has none (the pages that reach here take people only).
  if (!ctx.access.user) throw new Error('saved views belong to a person, not an API key');
  return ctx.access.user.id;
}

/** The views a person saved in a project, by name. */
export async function listSavedViews(projectId: string, userId: string): Promise<SavedView[]> {
  const rows = await db().callView.findMany({
    where: { projectId, userId },
    select: { id: true, name: true, filters: true },
    orderBy: { name: 'asc' },
  });
  return rows.map((v) => ({
    id: v.id,
    name: v.name,
    query: String((v.filters as { query?: string }).query ?? ''),
  }));
}

/** Saves (or replaces, by name) one of the person's views. */
export async function saveView(ctx: ServiceContext, input: SavedViewInput): Promise<SavedView> {
  const userId = personOf(ctx);
  const { projectId } = ctx.access;
  const filters = { query: input.query };
  const row = await db().callView.upsert({
    where: { projectId_userId_name: { projectId, userId, name: input.name } },
    update: { filters },
    create: { projectId, userId, name: input.name, filters },
    select: { id: true, name: true },
  });
  await auditAs(ctx, {
    action: 'call_view.save',
    targetType: 'call_view',
    targetId: row.id,
    diff: { after: { name: row.name, query: input.query } },
  });
  return { id: row.id, name: row.name, query: input.query };
}

/** Deletes one of the person's views; another person's view, or none, is left alone (nothing to say). */
export async function deleteView(ctx: ServiceContext, viewId: string): Promise<void> {
  const userId = personOf(ctx);
  // Not a uuid: nothing to delete (Postgres would refuse the comparison with an error).
  if (!isUuid(viewId)) return;
  const view = await db().callView.findFirst({
    where: { id: viewId, projectId: ctx.access.projectId, userId },
    select: { id: true, name: true, filters: true },
  });
  if (!view) return;
  await db().callView.delete({ where: { id: view.id } });
  await auditAs(ctx, {
    action: 'call_view.delete',
    targetType: 'call_view',
    targetId: view.id,
    diff: { before: { name: view.name, filters: view.filters } },
  });
}
