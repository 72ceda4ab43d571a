import { z } from 'zod';

/** The studio's calls to the JSON API (cookie session), each answer checked before the UI trusts it. */
const apiErrorSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    fields: z.record(z.string(), z.array(z.string())).optional(),
  }),
});
export type ApiFailure = z.infer<typeof apiErrorSchema>['error'] & { status: number };

export type ApiResult<T> = { ok: true; data: T } | { ok: false; error: ApiFailure };

async function call<T>(schema: z.ZodType<T>, url: string, init: RequestInit = {}): Promise<ApiResult<T>> {
  let response: Response;
  try {
    response = await fetch(url, {
      ...init,
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...init.headers },
    });
  } catch {
    return { ok: false, error: { status: 0, code: 'network', message: 'The server could not be reached.' } };
  }
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const parsed = apiErrorSchema.safeParse(body);
    return {
      ok: false,
      error: parsed.success
        ? { status: response.status, ...parsed.data.error }
        : { status: response.status, code: 'http_error', message: `HTTP ${response.status}` },
    };
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success)
    return {
      ok: false,
      error: { status: response.status, code: 'bad_response', message: 'Unexpected answer.' },
    };
  return { ok: true, data: parsed.data };
}

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
  const base = `/api/v1/projects/${projectId}/agents/${agentId}`;
  return {
    getDraft: () => call(draft, `${base}/draft`),
    saveDraft: (graph: unknown, revision: number) =>
      call(savedDraft, `${base}/draft`, { method: 'PUT', body: JSON.stringify({ graph, revision }) }),
    publish: (note: string, confirmWarnings: boolean) =>
      call(z.object({ version: versionSchema }), `${base}/publish`, {
        method: 'POST',
        body: JSON.stringify({ note, confirmWarnings }),
      }),
    versions: () => call(z.object({ versions: z.array(versionSchema) }), `${base}/versions`),
    version: (versionId: string) =>
      call(
        z.object({ version: versionSchema.extend({ graph: z.unknown() }) }),
        `${base}/versions/${versionId}`,
      ),
    rollback: (versionId: string) =>
      call(z.object({ version: versionSchema }), `${base}/versions/${versionId}/rollback`, {
        method: 'POST',
        body: '{}',
      }),
    startTest: (versionId?: string) =>
      call(z.object({ session, turn: testTurnSchema }), `${base}/test-sessions`, {
        method: 'POST',
        body: JSON.stringify(versionId ? { versionId } : {}),
      }),
    sendTurn: (sessionId: string, input: { text: string } | { dtmf: string }) =>
      call(z.object({ turn: testTurnSchema }), `${base}/test-sessions/${sessionId}/turns`, {
        method: 'POST',
        body: JSON.stringify(input),
      }),
    testSessions: () =>
      call(z.object({ sessions: z.array(session.extend({ turns: z.number() })) }), `${base}/test-sessions`),
    testSession: (sessionId: string) =>
      call(z.object({ session, turns: z.array(testTurnSchema) }), `${base}/test-sessions/${sessionId}`),
  };
}
export type StudioApi = ReturnType<typeof studioApi>;
