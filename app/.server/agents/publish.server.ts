import { parseFlow, validateFlow, type Issue } from '#flow-runtime/index';
import { auditAs, type ServiceContext } from '../access/service-context.ts';
import { ServiceError } from '../errors/service-error.ts';
import { declareProjectTools } from '../tools/declare-project-tools.server.ts';
import { db } from '../db.ts';
import { announceRoutesChanged } from '../telephony/telephony-bus.server.ts';
import { agentNotFound } from './agents.server.ts';
import { foreignReferences } from './flow-references.server.ts';

export interface VersionView {
  id: string;
  number: number;
  note: string;
  author: { email: string; name: string | null } | null;
  createdAt: Date;
  live: boolean;
}

/** Issues keyed by node id (or "flow"), in the caller's words: what the canvas marks and the API returns. */
function issueFields(issues: Issue[]): Record<string, string[]> {
  const fields: Record<string, string[]> = {};
  for (const issue of issues) (fields[issue.nodeId ?? issue.edgeId ?? 'flow'] ??= []).push(issue.message.en);
  return fields;
}

/**
 * Publishes the draft: errors block; warnings need `confirmWarnings`. The snapshot and the switch of the
 * live pointer happen in one transaction (the agent row is locked), so routing never sees a half-published
 * agent and two publishes cannot take the same number.
 */
export async function publishDraft(
  ctx: ServiceContext,
  agentId: string,
  input: { note: string; confirmWarnings: boolean },
): Promise<VersionView> {
  const { access } = ctx;
  const version = await db().$transaction(async (tx) => {
    const locked = await tx.$queryRaw<{ id: string }[]>`
      SELECT id FROM agents WHERE id = ${agentId}::uuid AND "projectId" = ${access.projectId}::uuid FOR UPDATE`;
    if (locked.length === 0) throw agentNotFound();
    const agent = await tx.agent.findUniqueOrThrow({ where: { id: agentId } });
    // The project's tools as they are now go into the snapshot: what its LLM calls are offered.
    const graph = await declareProjectTools(access.projectId, agent.draftGraph);
    const report = validateFlow(graph);
    if (report.errors.length > 0) {
      throw new ServiceError(422, 'flow_invalid', 'The flow has errors; fix them before publishing.', {
        ...issueFields(report.errors),
      });
    }
    const parsed = parseFlow(graph);
    const foreign = parsed.success ? await foreignReferences(access.projectId, parsed.flow) : {};
    if (Object.keys(foreign).length > 0) {
      throw new ServiceError(
        422,
        'flow_invalid',
        'The flow names knowledge bases or credentials that are not this project’s.',
        foreign,
      );
    }
    if (report.warnings.length > 0 && !input.confirmWarnings) {
      throw new ServiceError(
        409,
        'publish_warnings',
        'The flow has warnings; publish anyway with confirmWarnings: true.',
        issueFields(report.warnings),
      );
    }
    const last = await tx.agentVersion.findFirst({
      where: { agentId },
      orderBy: { number: 'desc' },
      select: { number: true },
    });
    const created = await tx.agentVersion.create({
      data: {
        agentId,
        projectId: access.projectId,
        number: (last?.number ?? 0) + 1,
        graph: graph as object,
        settings: { name: agent.name, language: agent.language, voice: agent.voice },
        note: input.note,
        authorId: access.user?.id ?? null,
      },
    });
    await tx.agent.update({ where: { id: agentId }, data: { liveVersionId: created.id } });
    return { created, previousLive: agent.liveVersionId, warnings: report.warnings.length };
  });
  // Numbers of this agent answer with the new version on their next call.
  await announceRoutesChanged();
  await auditAs(ctx, {
    action: 'agent.publish',
    targetType: 'agent',
    targetId: agentId,
    diff: {
      before: { liveVersionId: version.previousLive },
      after: { liveVersionId: version.created.id, number: version.created.number, note: input.note },
    },
  });
  const author = access.user ? { email: access.user.email, name: access.user.name } : null;
  return { ...pick(version.created), author, live: true };
}

function pick(v: { id: string; number: number; note: string; createdAt: Date }) {
  return { id: v.id, number: v.number, note: v.note, createdAt: v.createdAt };
}

export async function listVersions(projectId: string, agentId: string): Promise<VersionView[]> {
  const agent = await db().agent.findFirst({
    where: { id: agentId, projectId },
    select: { liveVersionId: true },
  });
  if (!agent) throw agentNotFound();
  const rows = await db().agentVersion.findMany({
    where: { agentId, projectId },
    select: { id: true, number: true, note: true, createdAt: true, authorId: true },
    orderBy: { number: 'desc' },
  });
  const authorIds = [...new Set(rows.flatMap((r) => (r.authorId ? [r.authorId] : [])))];
  const authors = new Map(
    (
      await db().user.findMany({
        where: { id: { in: authorIds } },
        select: { id: true, email: true, name: true },
      })
    ).map((u) => [u.id, { email: u.email, name: u.name }]),
  );
  return rows.map((r) => ({
    ...pick(r),
    author: r.authorId ? (authors.get(r.authorId) ?? null) : null,
    live: r.id === agent.liveVersionId,
  }));
}

export async function getVersion(
  projectId: string,
  agentId: string,
  versionId: string,
): Promise<VersionView & { graph: unknown; settings: unknown }> {
  const [agent, row] = await Promise.all([
    db().agent.findFirst({ where: { id: agentId, projectId }, select: { liveVersionId: true } }),
    db().agentVersion.findFirst({ where: { id: versionId, agentId, projectId } }),
  ]);
  if (!agent || !row) throw new ServiceError(404, 'version_not_found', 'No such version of this agent.');
  const author = row.authorId
    ? await db().user.findUnique({ where: { id: row.authorId }, select: { email: true, name: true } })
    : null;
  return {
    ...pick(row),
    author,
    live: row.id === agent.liveVersionId,
    graph: row.graph,
    settings: row.settings,
  };
}

/** Makes an earlier version live again (the draft is left as it is). */
export async function rollbackTo(
  ctx: ServiceContext,
  agentId: string,
  versionId: string,
): Promise<VersionView> {
  const { access } = ctx;
  const target = await getVersion(access.projectId, agentId, versionId);
  const before = await db().agent.findFirst({
    where: { id: agentId, projectId: access.projectId },
    select: { liveVersionId: true },
  });
  await db().agent.update({ where: { id: agentId }, data: { liveVersionId: versionId } });
  await announceRoutesChanged();
  await auditAs(ctx, {
    action: 'agent.rollback',
    targetType: 'agent',
    targetId: agentId,
    diff: {
      before: { liveVersionId: before?.liveVersionId ?? null },
      after: { liveVersionId: versionId, number: target.number },
    },
  });
  return { ...target, live: true };
}

/** The flow calls to this agent run: its live version's graph, or null when nothing is published. */
export async function liveFlow(
  projectId: string,
  agentId: string,
): Promise<{ versionId: string; number: number; graph: unknown } | null> {
  const agent = await db().agent.findFirst({
    where: { id: agentId, projectId },
    select: { liveVersion: { select: { id: true, number: true, graph: true } } },
  });
  const v = agent?.liveVersion;
  return v ? { versionId: v.id, number: v.number, graph: v.graph } : null;
}
