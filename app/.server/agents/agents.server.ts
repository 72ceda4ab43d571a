import { parseFlow } from '#flow-runtime/index';
import { auditAs, type ServiceContext } from '../access/service-context.ts';
import { ServiceError } from '../errors/service-error.ts';
import { db } from '../db.ts';
import { announceRoutesChanged } from '../telephony/telephony-bus.server.ts';
import type { CreateAgentInput, UpdateAgentInput } from './agent-input.ts';
import { findTemplate } from './templates.ts';

export interface AgentView {
  id: string;
  name: string;
  language: 'ru' | 'en';
  voice: string;
  description: string;
  tags: string[];
  draft: { graph: unknown; revision: number; updatedAt: Date };
  liveVersion: { id: string; number: number; createdAt: Date } | null;
  createdAt: Date;
  updatedAt: Date;
}

export type AgentSummary = Omit<AgentView, 'draft'> & { draftRevision: number; draftUpdatedAt: Date };

const liveSelect = { select: { id: true, number: true, createdAt: true } } as const;

type AgentRow = Awaited<ReturnType<typeof findRow>>;
function findRow(projectId: string, agentId: string) {
  return db().agent.findFirst({ where: { id: agentId, projectId }, include: { liveVersion: liveSelect } });
}

function toView(row: NonNullable<AgentRow>): AgentView {
  return {
    id: row.id,
    name: row.name,
    language: row.language === 'en' ? 'en' : 'ru',
    voice: row.voice,
    description: row.description,
    tags: row.tags,
    draft: { graph: row.draftGraph, revision: row.draftRevision, updatedAt: row.draftUpdatedAt },
    liveVersion: row.liveVersion,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

export const agentNotFound = () => new ServiceError(404, 'agent_not_found', 'No such agent in this project.');

export async function listAgents(projectId: string): Promise<AgentSummary[]> {
  const rows = await db().agent.findMany({
    where: { projectId },
    omit: { draftGraph: true },
    include: { liveVersion: liveSelect },
    orderBy: { updatedAt: 'desc' },
  });
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    language: r.language === 'en' ? 'en' : 'ru',
    voice: r.voice,
    description: r.description,
    tags: r.tags,
    draftRevision: r.draftRevision,
    draftUpdatedAt: r.draftUpdatedAt,
    liveVersion: r.liveVersion,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  }));
}

export async function getAgent(projectId: string, agentId: string): Promise<AgentView | null> {
  const row = await findRow(projectId, agentId);
  return row ? toView(row) : null;
}

export async function requireAgent(projectId: string, agentId: string): Promise<AgentView> {
  const agent = await getAgent(projectId, agentId);
  if (!agent) throw agentNotFound();
  return agent;
}

export async function createAgent(ctx: ServiceContext, input: CreateAgentInput): Promise<AgentView> {
  const { access } = ctx;
  const template = findTemplate(input.template, input.language);
  if (!template) {
    throw new ServiceError(400, 'unknown_template', `No template "${input.template}" in this language.`, {
      template: ['Choose one of the templates'],
    });
  }
  const parsed = parseFlow(template.graph);
  if (!parsed.success) throw new Error(`template ${template.id}.${template.language} is not a valid flow`);
  const row = await db().agent.create({
    data: {
      projectId: access.projectId,
      name: input.name,
      language: input.language,
      voice: input.voice,
      description: input.description,
      tags: input.tags,
      draftGraph: parsed.flow as object,
      draftUpdatedById: access.user?.id ?? null,
    },
    include: { liveVersion: liveSelect },
  });
  await auditAs(ctx, {
    action: 'agent.create',
    targetType: 'agent',
    targetId: row.id,
    diff: { after: { name: row.name, language: row.language, template: template.id } },
  });
  return toView(row);
}

export async function updateAgent(
  ctx: ServiceContext,
  agentId: string,
  input: UpdateAgentInput,
): Promise<AgentView> {
  const { access } = ctx;
  const before = await findRow(access.projectId, agentId);
  if (!before) throw agentNotFound();
  const row = await db().agent.update({
    where: { id: before.id },
    data: input,
    include: { liveVersion: liveSelect },
  });
  const changed = Object.keys(input) as (keyof UpdateAgentInput)[];
  await auditAs(ctx, {
    action: 'agent.update',
    targetType: 'agent',
    targetId: row.id,
    diff: {
      before: Object.fromEntries(changed.map((k) => [k, before[k]])),
      after: Object.fromEntries(changed.map((k) => [k, row[k]])),
    },
  });
  return toView(row);
}

export async function deleteAgent(ctx: ServiceContext, agentId: string): Promise<void> {
  const { access } = ctx;
  const existing = await findRow(access.projectId, agentId);
  if (!existing) throw agentNotFound();
  await db().agent.delete({ where: { id: existing.id } });
  // Its numbers no longer reach it.
  await announceRoutesChanged();
  await auditAs(ctx, {
    action: 'agent.delete',
    targetType: 'agent',
    targetId: existing.id,
    diff: { before: { name: existing.name, liveVersion: existing.liveVersion?.number ?? null } },
  });
}

/** The project's agents by name, as choices for a filter (id and name only). */
export function agentChoices(projectId: string): Promise<{ id: string; name: string }[]> {
  return db().agent.findMany({
    where: { projectId },
    select: { id: true, name: true },
    orderBy: { name: 'asc' },
  });
}

/** The project's agents by name with their live and latest 30 versions, for routing a number to one. */
export function agentVersionChoices(projectId: string) {
  return db().agent.findMany({
    where: { projectId },
    select: {
      id: true,
      name: true,
      liveVersion: { select: { id: true, number: true } },
      versions: { select: { id: true, number: true }, orderBy: { number: 'desc' }, take: 30 },
    },
    orderBy: { name: 'asc' },
  });
}
