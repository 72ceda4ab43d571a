import { auditAs, type ServiceContext } from '../access/service-context.ts';
import { agentNotFound } from '../agents/agents.server.ts';
import { db } from '../db.ts';
import { analysisConfigOf, type AnalysisConfig } from './post-call-analysis.server.ts';

async function agentIn(projectId: string, agentId: string): Promise<string> {
  const agent = await db().agent.findFirst({ where: { id: agentId, projectId }, select: { id: true } });
  if (!agent) throw agentNotFound();
  return agent.id;
}

/** An agent's post-call analysis settings (the defaults until saved); 404 for an agent of another project. */
export async function getAnalysisSettings(projectId: string, agentId: string): Promise<AnalysisConfig> {
  return analysisConfigOf(db(), projectId, await agentIn(projectId, agentId));
}

/** Replaces an agent's post-call analysis settings; audited with what they became. */
export async function saveAnalysisSettings(
  ctx: ServiceContext,
  agentId: string,
  input: AnalysisConfig,
): Promise<AnalysisConfig> {
  const { projectId } = ctx.access;
  const id = await agentIn(projectId, agentId);
  const data = { summary: input.summary, fields: input.fields };
  await db().callAnalysisConfig.upsert({
    where: { agentId: id },
    update: data,
    create: { ...data, agentId: id, projectId },
  });
  await auditAs(ctx, {
    action: 'agent.call_analysis.update',
    targetType: 'agent',
    targetId: id,
    diff: { after: data },
  });
  return data;
}
