import { z } from 'zod';
import { api } from '../api/api-client';

/** The studio's calls to the JSON API, each answer checked before the UI trusts it. */
const localized = z.object({ ru: z.string(), en: z.string() });
const issue = z.object({
  code: z.string(),
  message: localized,
  nodeId: z.string().optional(),
  edgeId: z.string().optional(),
  field: z.string().optional(),
});
export const validationSchema = z.object({ errors: z.array(issue), warnings: z.array(issue) });

const savedDraft = z.object({ revision: z.number(), updatedAt: z.string() });
const draft = savedDraft.extend({ graph: z.record(z.string(), z.unknown()) });

const command = z.looseObject({ type: z.string() });
const trace = z.looseObject({
  durationMs: z.number().default(0),
  path: z
    .array(
      z.object({
        nodeId: z.string(),
        type: z.string(),
        port: z.string().nullable(),
        outcome: z.string(),
        durationMs: z.number(),
      }),
    )
    .default([]),
  variableChanges: z
    .array(z.object({ name: z.string(), before: z.unknown(), after: z.unknown() }))
    .default([]),
  toolCalls: z
    .array(
      z.object({
        name: z.string(),
        ok: z.boolean(),
        durationMs: z.number(),
        args: z.unknown(),
        error: z.string().optional(),
        result: z.unknown().optional(),
      }),
    )
    .default([]),
  llmCalls: z
    .array(
      z.object({
        model: z.string(),
        promptTokens: z.number(),
        completionTokens: z.number(),
        durationMs: z.number(),
        firstTokenMs: z.number().optional(),
        provider: z.string().optional(),
        fallback: z.boolean().optional(),
      }),
    )
    .default([]),
  knowledgeQueries: z
    .array(
      z.object({
        query: z.string(),
        results: z.number(),
        durationMs: z.number(),
        chunks: z.array(z.object({ id: z.string(), source: z.string(), score: z.number() })).default([]),
      }),
    )
    .default([]),
  globalHandler: z.string().nullable().default(null),
});
export type TestTrace = z.infer<typeof trace>;
export const testTurnSchema = z.object({
  index: z.number(),
  input: z.union([
    z.object({ start: z.literal(true) }),
    z.object({ text: z.string() }),
    z.object({ dtmf: z.string() }),
  ]),
  replies: z.array(z.string()),
  commands: z.array(command),
  trace: trace,
  activeNodeId: z.string().nullable(),
  ended: z.boolean(),
  createdAt: z.string(),
});
export type TestTurn = z.infer<typeof testTurnSchema>;
const session = z.object({
  id: z.string(),
  versionId: z.string().nullable(),
  ended: z.boolean(),
  createdAt: z.string(),
});
export type TestSessionSummary = z.infer<typeof session> & { turns?: number };

export const versionSchema = z.object({
  id: z.string(),
  number: z.number(),
  note: z.string(),
  createdAt: z.string(),
  live: z.boolean().optional(),
  author: z.looseObject({}).nullable().optional(),
});
export type VersionSummary = z.infer<typeof versionSchema>;

export function studioApi(projectId: string, agentId: string) {
  const base = `/api/v1/projects/${projectId}/agents/${agentId}` as const;
  return {
    getDraft: () => api(`${base}/draft`, { schema: draft }),
    saveDraft: (graph: unknown, revision: number) =>
      api(`${base}/draft`, { method: 'PUT', json: { graph, revision }, schema: savedDraft }),
    publish: (note: string, confirmWarnings: boolean) =>
      api(`${base}/publish`, {
        method: 'POST',
        json: { note, confirmWarnings },
        schema: z.object({ version: versionSchema }),
      }),
    versions: () => api(`${base}/versions`, { schema: z.object({ versions: z.array(versionSchema) }) }),
    version: (versionId: string) =>
      api(`${base}/versions/${versionId}`, {
        schema: z.object({ version: versionSchema.extend({ graph: z.unknown() }) }),
      }),
    rollback: (versionId: string) =>
      api(`${base}/versions/${versionId}/rollback`, {
        method: 'POST',
        json: {},
        schema: z.object({ version: versionSchema }),
      }),
    startTest: (versionId?: string) =>
      api(`${base}/test-sessions`, {
        method: 'POST',
        json: versionId ? { versionId } : {},
        schema: z.object({ session, turn: testTurnSchema }),
      }),
    sendTurn: (sessionId: string, input: { text: string } | { dtmf: string }) =>
      api(`${base}/test-sessions/${sessionId}/turns`, {
        method: 'POST',
        json: input,
        schema: z.object({ turn: testTurnSchema }),
      }),
    endTest: (sessionId: string) =>
      api(`${base}/test-sessions/${sessionId}`, { method: 'DELETE', keepalive: true }),
    testSessions: () =>
      api(`${base}/test-sessions`, {
        schema: z.object({ sessions: z.array(session.extend({ turns: z.number() })) }),
      }),
    testSession: (sessionId: string) =>
      api(`${base}/test-sessions/${sessionId}`, {
        schema: z.object({ session, turns: z.array(testTurnSchema) }),
      }),
  };
}
export type StudioApi = ReturnType<typeof studioApi>;
