// Post-call analysis against the real test database: outcome fields from slots without an LLM, and from a
// local OpenAI-compatible server when one is configured (its answer checked and merged with the slots).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProject, createPublishedAgent } from '../../../tests/support/factories.ts';
import { db, disconnectDb } from '../db.ts';
import { createOpenAiCompatibleLlm } from '../providers/llm/openai-compatible-llm.ts';
import { startLocalHttpServer, type LocalHttpServer } from '../providers/test-support/local-http-server.ts';
import { chunk, writeSse } from '../providers/test-support/openai-sse.ts';
import { listCalls } from './call-query.server.ts';
import { applyCallEvents } from './call-writer.server.ts';
import { runPendingAnalyses } from './post-call-analysis.server.ts';

let projectId: string;
let agentId: string;
let server: LocalHttpServer;

async function fileCall(variables: Record<string, unknown>): Promise<string> {
  const callId = `analysis-${crypto.randomUUID()}`;
  const t0 = Date.now() - 30_000;
  await applyCallEvents(db(), [
    {
      sourceId: '1',
      event: {
        type: 'call.started',
        callId,
        at: t0,
        projectId,
        agentId,
        from: '+79990000001',
        to: 'clinic',
        sampleRate: 8000,
        direction: 'inbound',
      },
    },
    {
      sourceId: '2',
      event: {
        type: 'turn.completed',
        callId,
        at: t0 + 5000,
        turn: 1,
        trigger: 'utterance',
        input: 'Запишите меня к стоматологу на пятницу',
        reply: 'Записала вас на пятницу, 14 марта',
        nodePath: ['book'],
        timings: { runtimeMs: 2 },
        filler: false,
        variables,
      },
    },
    {
      sourceId: '3',
      event: {
        type: 'call.ended',
        callId,
        at: t0 + 20_000,
        reason: 'flow_hangup',
        disposition: 'completed',
        durationMs: 20_000,
        turns: 2,
      },
    },
  ]);
  return (await db().call.findFirstOrThrow({ where: { externalId: callId } })).id;
}

beforeAll(async () => {
  projectId = (await createProject(db(), 'Analysis')).id;
  agentId = (
    await createPublishedAgent(db(), projectId, { name: 'Clinic', language: 'ru', graph: { nodes: [] } })
  ).agent.id;
  await db().callAnalysisConfig.create({
    data: {
      projectId,
      agentId,
      summary: true,
      fields: [
        { key: 'booked', label: 'Appointment booked', type: 'boolean', slot: 'booking_id' },
        { key: 'date', label: 'Date', type: 'date', slot: 'date' },
        { key: 'doctor', label: 'Doctor', type: 'string' },
      ],
    },
  });
  server = await startLocalHttpServer();
});
afterAll(async () => {
  await server.close();
  await disconnectDb();
});

describe('post-call analysis', () => {
  it('fills outcomes from collected slots when no LLM is configured', async () => {
    const id = await fileCall({ booking_id: 'B-17', date: '2026-03-14' });
    expect(await runPendingAnalyses(db(), undefined, 1000, projectId)).toBeGreaterThanOrEqual(1);
    const call = await db().call.findUniqueOrThrow({ where: { id } });
    expect(call).toMatchObject({ analysisStatus: 'done', analysisSource: 'slots' });
    expect(call.outcomes).toEqual({ booked: true, date: '2026-03-14', doctor: null });
    expect(call.summary).toContain('date: 2026-03-14');
  });

  it('asks the LLM when one is configured; its summary is searchable', async () => {
    server.setHandler((req, res) => {
      const body = JSON.parse(req.body.toString()) as { messages: { content: string }[] };
      expect(body.messages[0]!.content).toContain('"doctor"');
      const answer = JSON.stringify({
        summary: 'Пациента записали к стоматологу на пятницу.',
        outcomes: { booked: 'yes', date: '2026-03-14', doctor: 'стоматолог' },
      });
      void writeSse(res, [
        chunk({ role: 'assistant', content: answer.slice(0, 20) }),
        chunk({ content: answer.slice(20) }),
      ]);
    });
    const llm = createOpenAiCompatibleLlm({
      kind: 'openai-compatible',
      baseUrl: `${server.url}/v1`,
      apiKey: 'local',
      model: 'local-model',
    });
    const id = await fileCall({ date: '2026-03-14' });
    await runPendingAnalyses(db(), llm, 1000, projectId);
    const call = await db().call.findUniqueOrThrow({ where: { id } });
    expect(call).toMatchObject({
      analysisSource: 'llm',
      summary: 'Пациента записали к стоматологу на пятницу.',
      outcomes: { booked: true, date: '2026-03-14', doctor: 'стоматолог' },
    });
    const found = await listCalls(projectId, { q: 'пациент', sort: '-startedAt', limit: 10 });
    expect(found.calls.map((c) => c.id)).toEqual([id]);
    expect(found.calls[0]!.outcomes).toMatchObject({ doctor: 'стоматолог' });
  });

  it('falls back to the slots when the LLM answers badly', async () => {
    server.setHandler(
      (_req, res) => void writeSse(res, [chunk({ role: 'assistant', content: 'Sorry, no.' })]),
    );
    const llm = createOpenAiCompatibleLlm({
      kind: 'openai-compatible',
      baseUrl: `${server.url}/v1`,
      apiKey: 'local',
      model: 'local-model',
    });
    const id = await fileCall({ booking_id: 'B-1' });
    await runPendingAnalyses(db(), llm, 1000, projectId);
    const call = await db().call.findUniqueOrThrow({ where: { id } });
    expect(call).toMatchObject({
      analysisStatus: 'done',
      analysisSource: 'slots',
      outcomes: { booked: true },
    });
  });
});
