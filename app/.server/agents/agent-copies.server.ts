import { parseFlow } from '#flow-runtime/index';
import { z } from 'zod';
import { auditAs, type ServiceContext } from '../access/service-context.ts';
import { ServiceError } from '../errors/service-error.ts';
import { db } from '../db.ts';
import { agentFieldsInput } from './agent-input.ts';
import { requireAgent, type AgentView } from './agents.server.ts';

/** The file an agent is exported to and imported from: its settings and its draft flow. */
export const AGENT_EXPORT_FORMAT = 'voice-platform.agent';

export const agentImportInput = agentFieldsInput.extend({
  format: z.literal(AGENT_EXPORT_FORMAT, { error: 'Not an exported agent file' }),
  formatVersion: z.literal(1, { error: 'An agent file of an unknown version' }),
  graph: z.record(z.string(), z.unknown(), { error: 'The file holds no flow' }),
});
export type AgentImportInput = z.infer<typeof agentImportInput>;

export interface AgentExport {
  format: typeof AGENT_EXPORT_FORMAT;
  formatVersion: 1;
  name: string;
  language: 'ru' | 'en';
  voice: string;
  description: string;
  tags: string[];
  graph: unknown;
  exportedAt: string;
}

export async function exportAgent(projectId: string, agentId: string): Promise<AgentExport> {
  const agent = await requireAgent(projectId, agentId);
  return {
    format: AGENT_EXPORT_FORMAT,
    formatVersion: 1,
    name: agent.name,
    language: agent.language,
    voice: agent.voice,
    description: agent.description,
    tags: agent.tags,
    graph: agent.draft.graph,
    exportedAt: new Date().toISOString(),
  };
}

async function createFromGraph(
  ctx: ServiceContext,
  fields: Omit<AgentExport, 'format' | 'formatVersion' | 'exportedAt' | 'graph'>,
  graph: unknown,
  action: 'agent.duplicate' | 'agent.import',
  from?: string,
): Promise<{ id: string; name: string }> {
  const parsed = parseFlow(graph);
  if (!parsed.success)
    throw new ServiceError(422, 'flow_invalid', 'The file’s flow is not a valid flow.', {
      graph: parsed.issues.slice(0, 5).map((issue) => issue.message.en),
    });
  const row = await db().agent.create({
    data: {
      projectId: ctx.access.projectId,
      name: fields.name,
      language: fields.language,
      voice: fields.voice,
      description: fields.description,
      tags: fields.tags,
      draftGraph: parsed.flow as object,
      draftUpdatedById: ctx.access.user?.id ?? null,
    },
    select: { id: true, name: true },
  });
  await auditAs(ctx, {
    action,
    targetType: 'agent',
    targetId: row.id,
    diff: { after: { name: row.name, ...(from ? { from } : {}) } },
  });
  return row;
}

/** A new agent with the same settings and draft (not its versions), named "<name> (copy)". */
export async function duplicateAgent(
  ctx: ServiceContext,
  agentId: string,
  copySuffix: string,
): Promise<{ id: string; name: string }> {
  const agent: AgentView = await requireAgent(ctx.access.projectId, agentId);
  const name = `${agent.name} ${copySuffix}`.slice(0, 100);
  return createFromGraph(ctx, { ...agent, name }, agent.draft.graph, 'agent.duplicate', agent.id);
}

export function importAgent(
  ctx: ServiceContext,
  input: AgentImportInput,
): Promise<{ id: string; name: string }> {
  return createFromGraph(ctx, input, input.graph, 'agent.import');
}
