import { parseFlow, validateFlow, type Issue, type ValidationReport } from '#flow-runtime/index';
import type { ServiceContext } from '../access/service-context.ts';
import { ServiceError } from '../errors/service-error.ts';
import { db } from '../db.ts';
import { createLogger } from '../logger.ts';
import { agentNotFound } from './agents.server.ts';
import { foreignReferences } from './flow-references.server.ts';

export interface DraftView {
  graph: unknown;
  revision: number;
  updatedAt: Date;
  validation: ValidationReport;
}

let log: ReturnType<typeof createLogger> | undefined;

/**
 * The draft's validation report, whatever was saved: a draft the checks cannot get through (saved before a
 * limit existed, or hitting a bug) still opens, with that as its error, instead of failing to load.
 */
function draftReport(graph: unknown): ValidationReport {
  try {
    return validateFlow(graph);
  } catch (error) {
    (log ??= createLogger('drafts')).error({ err: error }, 'draft validation failed');
    return {
      errors: [
        {
          code: 'invalid_flow',
          message: {
            en: 'This draft could not be checked. Undo the last changes or contact support.',
            ru: 'Этот черновик не удалось проверить. Отмените последние изменения или обратитесь в поддержку.',
          },
        },
      ],
      warnings: [],
    };
  }
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
    validation: draftReport(row.draftGraph),
  };
}

/** Issues by the field they are about (`nodes`, `edges`, ...), in English for the API. */
function byField(issues: Issue[]): Record<string, string[]> {
  const fields: Record<string, string[]> = {};
  for (const issue of issues) (fields[issue.field || 'graph'] ??= []).push(issue.message.en);
  return fields;
}

/**
 * Saves the draft if it is still at the revision the editor started from: one conditional UPDATE, so two
 * tabs can never silently overwrite each other (the second gets 409 and reloads). A draft may have
 * validation errors (work in progress); it must be a flow within the size limits, and name only its own
 * project's knowledge bases and credentials (its calls could never reach another's).
 */
export async function saveDraft(
  ctx: ServiceContext,
  agentId: string,
  input: { graph: Record<string, unknown>; revision: number },
): Promise<Omit<DraftView, 'graph'>> {
  const { access } = ctx;
  const parsed = parseFlow(input.graph);
  if (!parsed.success) {
    const tooLarge = parsed.issues.filter((i) => i.code === 'flow_too_large');
    if (tooLarge.length > 0) {
      throw new ServiceError(
        413,
        'flow_too_large',
        tooLarge.map((i) => i.message.en).join(' '),
        byField(tooLarge),
      );
    }
    throw new ServiceError(400, 'invalid_flow', 'The graph is not a flow.', {
      graph: parsed.issues.map((i) => i.message.en),
    });
  }
  const foreign = await foreignReferences(access.projectId, parsed.flow);
  if (Object.keys(foreign).length > 0) {
    throw new ServiceError(
      400,
      'foreign_reference',
      'The flow names knowledge bases or credentials that are not this project’s.',
      foreign,
    );
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
  return { revision: input.revision + 1, updatedAt: now, validation: draftReport(parsed.flow) };
}
