import { z } from 'zod';
import { Prisma } from '../../../prisma/generated/prisma/client.ts';
import { recordCallInCrm } from '../crm/call-timeline.server.ts';
import { logCallInIntegrations } from '../integrations/integration-call-log.server.ts';
import type { LlmPort } from '#flow-runtime/ports';
import type { Db } from '../db.ts';
import { refreshSearchText } from './call-writer.server.ts';

export const OUTCOME_TYPES = ['boolean', 'string', 'number', 'date'] as const;

export const outcomeFieldSchema = z.object({
  key: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'lower-case letters, digits and _, starting with a letter'),
  label: z.string().trim().min(1, 'required').max(80),
  type: z.enum(OUTCOME_TYPES, { error: `must be one of ${OUTCOME_TYPES.join(', ')}` }),
  description: z.string().trim().max(500).default(''),
  /** The flow variable that answers it without an LLM (a slot an Ask node collected). */
  slot: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_.]{0,63}$/, 'must be a variable name')
    .optional(),
});
export type OutcomeField = z.infer<typeof outcomeFieldSchema>;

export const analysisConfigInput = z.object({
  summary: z.boolean().default(true),
  fields: z
    .array(outcomeFieldSchema)
    .max(20, 'at most 20 fields')
    .refine((f) => new Set(f.map((x) => x.key)).size === f.length, 'keys must be unique')
    .default([]),
});
export type AnalysisConfig = z.infer<typeof analysisConfigInput>;

const DEFAULT_CONFIG: AnalysisConfig = { summary: true, fields: [] };

/** A value of the field's type, or null: what neither the LLM nor the slots may break. */
function coerce(field: OutcomeField, value: unknown): string | number | boolean | null {
  if (value === null || value === undefined || value === '') return null;
  switch (field.type) {
    case 'boolean':
      if (typeof value === 'boolean') return value;
      // A filled slot ("B-17") means yes unless it says no.
      if (typeof value === 'string') return !/^(false|no|нет|0|none|null)$/i.test(value.trim());
      return Boolean(value);
    case 'number': {
      const n = typeof value === 'number' ? value : Number(String(value).replace(',', '.'));
      return Number.isFinite(n) ? n : null;
    }
    case 'date':
    case 'string':
      return typeof value === 'object' ? JSON.stringify(value) : String(value).slice(0, 500);
  }
}

function lookup(variables: Record<string, unknown>, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>(
      (v, key) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined),
      variables,
    );
}

interface CallForAnalysis {
  disposition: string | null;
  durationMs: number | null;
  variables: Record<string, unknown>;
  lines: { speaker: string; text: string }[];
}

/** Without an LLM: outcomes from the collected slots, a summary from what the call did and collected. */
export function analyseFromSlots(call: CallForAnalysis, config: AnalysisConfig) {
  const outcomes: Record<string, unknown> = {};
  for (const field of config.fields) {
    const raw = lookup(call.variables, field.slot ?? field.key);
    outcomes[field.key] =
      field.type === 'boolean' && field.slot ? coerce(field, raw ?? false) : coerce(field, raw);
  }
  const collected = Object.entries(call.variables)
    .filter(([, v]) => v !== null && v !== undefined && typeof v !== 'object')
    .map(([k, v]) => `${k}: ${String(v)}`);
  const callerLines = call.lines.filter((l) => l.speaker === 'caller').length;
  const summary = config.summary
    ? [
        `${call.disposition ?? 'ended'}, ${callerLines} caller turn(s), ${Math.round((call.durationMs ?? 0) / 1000)} s`,
        collected.length > 0 ? collected.join('; ') : null,
      ]
        .filter(Boolean)
        .join('. ')
    : null;
  return { summary, outcomes };
}

/** With an LLM: one JSON answer; anything it gets wrong falls back field by field to the slots. */
export async function analyseWithLlm(
  llm: LlmPort,
  call: CallForAnalysis,
  config: AnalysisConfig,
  signal: AbortSignal,
) {
  const fields = config.fields
    .map(
      (f) =>
        `- "${f.key}" (${f.type}${f.type === 'date' ? ', YYYY-MM-DD' : ''}): ${f.label}. ${f.description}`,
    )
    .join('\n');
  const transcript = call.lines
    .filter((l) => l.text)
    .map((l) => `${l.speaker === 'caller' ? 'Caller' : 'Agent'}: ${l.text}`)
    .join('\n');
  const response = await llm.complete({
    temperature: 0,
    maxTokens: 600,
    signal,
    messages: [
      {
        role: 'system',
        content: [
          'You analyse a finished phone call between a caller and a voice agent.',
          'Answer with one JSON object only, no prose: {"summary": string, "outcomes": {...}}.',
          'The summary is at most two sentences, in the language the call was held in.',
          fields ? `Outcomes to fill (null when the call does not tell):\n${fields}` : 'No outcomes: use {}.',
        ].join('\n'),
      },
      {
        role: 'user',
        content: `Collected variables: ${JSON.stringify(call.variables)}\nTranscript:\n${transcript}`,
      },
    ],
  });
  const json = /\{[\s\S]*\}/.exec(response.text)?.[0];
  const parsed = z
    .object({ summary: z.string().optional(), outcomes: z.record(z.string(), z.unknown()).optional() })
    .safeParse(json ? safeJson(json) : null);
  if (!parsed.success) throw new Error('the LLM did not answer with the JSON asked for');
  const fallback = analyseFromSlots(call, config);
  const outcomes: Record<string, unknown> = {};
  for (const field of config.fields) {
    const value = coerce(field, parsed.data.outcomes?.[field.key]);
    outcomes[field.key] = value ?? fallback.outcomes[field.key] ?? null;
  }
  return {
    summary: config.summary ? parsed.data.summary?.trim() || fallback.summary : null,
    outcomes,
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

export async function analysisConfigOf(
  db: Db,
  projectId: string,
  agentId: string | null,
): Promise<AnalysisConfig> {
  if (!agentId) return DEFAULT_CONFIG;
  const row = await db.callAnalysisConfig.findFirst({ where: { agentId, projectId } });
  if (!row) return DEFAULT_CONFIG;
  const parsed = analysisConfigInput.safeParse({ summary: row.summary, fields: row.fields });
  return parsed.success ? parsed.data : DEFAULT_CONFIG;
}

/** Analyses one ended call and stores summary, outcomes and where they came from; searchable at once. */
export async function analyseCall(db: Db, callId: string, llm?: LlmPort): Promise<'llm' | 'slots'> {
  const call = await db.call.findUniqueOrThrow({
    where: { id: callId },
    include: { turns: { orderBy: { seq: 'asc' }, select: { speaker: true, text: true } } },
  });
  const config = await analysisConfigOf(db, call.projectId, call.agentId);
  const input: CallForAnalysis = {
    disposition: call.disposition,
    durationMs: call.durationMs,
    variables: call.variables as Record<string, unknown>,
    lines: call.turns,
  };
  let source: 'llm' | 'slots' = 'slots';
  let result = analyseFromSlots(input, config);
  if (llm && call.turns.some((t) => t.speaker === 'caller')) {
    try {
      result = await analyseWithLlm(llm, input, config, AbortSignal.timeout(60_000));
      source = 'llm';
    } catch {
      source = 'slots'; // the LLM failed or answered badly: the slots still say what was collected
    }
  }
  await db.call.update({
    where: { id: callId },
    data: {
      summary: result.summary,
      outcomes: result.outcomes as object,
      analysisStatus: 'done',
      analysisSource: source,
    },
  });
  await refreshSearchText(db, callId);
  return source;
}

/**
 * Takes up to `limit` ended calls waiting for analysis (SKIP LOCKED: several workers never take the same
 * one), analyses them, and returns how many. A call left "running" by a crashed worker is taken again.
 * `projectId` narrows the claim to one project (tests sharing a database must not take each other's calls).
 */
export async function runPendingAnalyses(
  db: Db,
  llm: LlmPort | undefined,
  limit = 5,
  projectId?: string,
): Promise<number> {
  const inProject = projectId ? Prisma.sql`AND "projectId" = ${projectId}::uuid` : Prisma.empty;
  const claimed = await db.$queryRaw<{ id: string }[]>`
    UPDATE calls SET "analysisStatus" = 'running', "updatedAt" = now()
    WHERE id IN (
      SELECT id FROM calls
      WHERE status = 'ended' AND ("analysisStatus" = 'pending'
        OR ("analysisStatus" = 'running' AND "updatedAt" < now() - interval '10 minutes'))
        ${inProject}
      ORDER BY "endedAt" NULLS LAST
      LIMIT ${limit}
      FOR UPDATE SKIP LOCKED)
    RETURNING id`;
  for (const { id } of claimed) {
    try {
      await analyseCall(db, id, llm);
    } catch {
      await db.call.update({ where: { id }, data: { analysisStatus: 'failed' } });
    }
    // The CRM timeline (issue 23): a CRM hiccup must not fail or repeat the analysis.
    await recordCallInCrm(db, id).catch(() => undefined);
    // Connected CRMs (issue 24): the call as a telephony call in Bitrix24; failures go to its log.
    await logCallInIntegrations(db, id).catch(() => undefined);
  }
  return claimed.length;
}
