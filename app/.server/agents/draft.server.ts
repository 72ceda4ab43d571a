import { parseFlow, validateFlow, type ValidationReport } from '#flow-runtime/index';
import type { ServiceContext } from '../access/service-context.ts';
import { ServiceError } from '../api/service-error.ts';
import { db } from '../db.ts';
import { agentNotFound } from './agents.server.ts';

export interface DraftView {
  graph: unknown;
  revision: number;
  updatedAt: Date;
  validation: ValidationReport;
}

export async function getDraft(projectId: string, agentId: string): Promise<DraftView> {
  const row = await db().agent.findFirst({
    where: { id: agentId, projectId },
    select: { draftGraph: true, draftRevision: true, draftUpdatedAt: true },
  });
  if (!row) throw agentNotFound();
  return {
    graph: row.draftGraph,
    revision: row.draftRevision,
    updatedAt: row.draftUpdatedAt,
    validation: validateFlow(row.draftGraph),
  };
}

/**
 * Saves the draft if it is still at the revision the editor started from: one conditional UPDATE, so two
 * tabs can never silently overwrite each other (the second gets 409 and reloads). A draft may have
 * validation errors (work in progress); it must only be a flow at all.
 */
export async function saveDraft(
  ctx: ServiceContext,
  agentId: string,
  input: { graph: Record<string, unknown>; revision: number },
): Promise<Omit<DraftView, 'graph'>> {
  const { access } = ctx;
  const parsed = parseFlow(input.graph);
  if (!parsed.success) {
    throw new ServiceError(400, 'invalid_flow', 'The graph is not a flow.', {
      graph: parsed.issues.map((i) => i.message.en),
    });
  }
  const now = new Date();
  const updated = await db().agent.updateMany({
    where: { id: agentId, projectId: access.projectId, draftRevision: input.revision },
    data: {
      draftGraph: parsed.flow as object,
      draftRevision: { increment: 1 },
      draftUpdatedAt: now,
      draftUpdatedById: access.user?.id ?? null,
    },
  });
  if (updated.count === 0) {
    const current = await db().agent.findFirst({
      where: { id: agentId, projectId: access.projectId },
      select: { draftRevision: true },
    });
    if (!current) throw agentNotFound();
    throw new ServiceError(
      409,
      'stale_revision',
      `The draft was saved elsewhere (now at revision ${current.draftRevision}, you started from ${input.revision}). Reload it to continue.`,
      { revision: [`The draft is at revision ${current.draftRevision}`] },
    );
  }
  return { revision: input.revision + 1, updatedAt: now, validation: validateFlow(parsed.flow) };
}
