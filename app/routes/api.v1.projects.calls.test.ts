// The calls API against the real test database: test-console conversations as calls, filters and
// Russian/English search, keyset pages under concurrent inserts, issues by role, recording ranges, CSV.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authContext } from '~/.server/auth/auth-context.server';
import { applyCallEvents } from '~/.server/calls/call-writer.server';
import { db, disconnectDb } from '~/.server/db';
import type { VoiceCallEvent } from '../.server/calls/call-events.ts';
import { addMember, createProject, createPublishedAgent, createUser } from '../../tests/support/factories.ts';
import {
  bearerFor,
  callRoute,
  type JsonAnswer as Json,
  type RouteModule,
} from '../../tests/support/route-call.ts';
import * as agentsRoute from './api.v1.projects.$projectId.agents';
import * as sessionsRoute from './api.v1.projects.$projectId.agents.$agentId.test-sessions';
import * as turnsRoute from './api.v1.projects.$projectId.agents.$agentId.test-sessions.$sessionId.turns';
import * as draftRoute from './api.v1.projects.$projectId.agents.$agentId.draft';
import * as callsRoute from './api.v1.projects.$projectId.calls';
import * as callRouteModule from './api.v1.projects.$projectId.calls.$callId';
import * as recordingRoute from './api.v1.projects.$projectId.calls.$callId.recording';
import * as callIssuesRoute from './api.v1.projects.$projectId.calls.$callId.issues';
import * as issuesRoute from './api.v1.projects.$projectId.call-issues';
import * as issueRoute from './api.v1.projects.$projectId.call-issues.$issueId';
import * as csvRoute from './api.v1.projects.$projectId.calls[.csv]';
import * as callTagsRoute from './api.v1.projects.$projectId.call-tags';

const appointment = JSON.parse(
  readFileSync(resolve(import.meta.dirname, '../../flow-runtime/fixtures/good/appointment-ru.json'), 'utf8'),
) as Record<string, unknown>;

let projectId: string;
let otherProjectId: string;
let builder: Record<string, string>;
let analyst: Record<string, string>;
let outsider: Record<string, string>;
let builderId: string;

const call = async (
  mod: RouteModule,
  method: string,
  params: Record<string, string>,
  headers: Record<string, string>,
  opts: { body?: unknown; query?: Record<string, string> } = {},
) => {
  const qs = opts.query ? `?${new URLSearchParams(opts.query).toString()}` : '';
  const res = await callRoute(mod, {
    method,
    path: `/api/v1/x${qs}`,
    params: { projectId, ...params },
    headers,
    body: opts.body,
  });
  const type = res.headers.get('content-type') ?? '';
  const text = type.includes('json') ? await res.text() : '';
  return { status: res.status, res, json: (text ? JSON.parse(text) : null) as Json };
};

let seq = 0;
/** Files a finished call through the same writer the gateway's events go through. */
async function fileCall(opts: {
  project?: string;
  startedAt: number;
  lines?: [caller: string, agent: string][];
  from?: string;
  direction?: 'inbound' | 'outbound' | 'browser' | 'test';
  durationMs?: number;
  recordingPath?: string;
  agent?: { agentId: string; versionId: string };
}): Promise<string> {
  const callId = `api-${(seq += 1)}-${crypto.randomUUID()}`;
  const t0 = opts.startedAt;
  const events: VoiceCallEvent[] = [
    {
      type: 'call.started',
      callId,
      at: t0,
      projectId: opts.project ?? projectId,
      from: opts.from ?? '+79990000000',
      to: 'reception',
      sampleRate: 8000,
      direction: opts.direction ?? 'inbound',
      ...(opts.agent ?? {}),
    },
  ];
  (opts.lines ?? [['', 'Здравствуйте']]).forEach(([caller, agent], turn) =>
    events.push({
      type: 'turn.completed',
      callId,
      at: t0 + 1000 * (turn + 1),
      turn,
      trigger: turn === 0 ? 'start' : 'utterance',
      ...(caller ? { input: caller } : {}),
      reply: agent,
      nodePath: ['greet'],
      timings: { runtimeMs: 2, responseMs: 800 },
      filler: false,
    }),
  );
  events.push({
    type: 'call.ended',
    callId,
    at: t0 + (opts.durationMs ?? 10_000),
    reason: 'remote_hangup',
    durationMs: opts.durationMs ?? 10_000,
    turns: events.length - 1,
    ...(opts.recordingPath ? { recordingPath: opts.recordingPath } : {}),
  });
  await applyCallEvents(
    db(),
    events.map((event, i) => ({ sourceId: `s-${i}`, event })),
  );
  const row = await db().call.findFirstOrThrow({ where: { externalId: callId }, select: { id: true } });
  return row.id;
}

beforeAll(async () => {
  projectId = (await createProject(db(), 'Calls API')).id;
  otherProjectId = (await createProject(db(), 'Other calls')).id;
  const b = await createUser(db());
  const a = await createUser(db());
  const o = await createUser(db());
  builderId = b.id;
  await addMember(db(), projectId, b.id, 'builder');
  await addMember(db(), projectId, a.id, 'analyst');
  await addMember(db(), otherProjectId, o.id, 'owner');
  builder = await bearerFor(b.id);
  analyst = await bearerFor(a.id);
  outsider = await bearerFor(o.id);
});
afterAll(async () => {
  await authContext().redis.quit();
  await disconnectDb();
});

describe('calls API', () => {
  it('lists a test-console conversation as a call with turns, timings and path', async () => {
    const agent = await call(agentsRoute, 'POST', {}, builder, { body: { name: 'Запись', language: 'ru' } });
    const agentId = agent.json.id as string;
    const draft = await call(draftRoute, 'GET', { agentId }, builder);
    await call(draftRoute, 'PUT', { agentId }, builder, {
      body: { graph: appointment, revision: draft.json.revision },
    });
    const started = await call(sessionsRoute, 'POST', { agentId }, builder, { body: {} });
    expect(started.status).toBe(201);
    const sessionId = started.json.session.id as string;
    await call(turnsRoute, 'POST', { agentId, sessionId }, builder, { body: { text: 'Анна' } });

    const list = await call(callsRoute, 'GET', {}, analyst, { query: { direction: 'test' } });
    expect(list.status).toBe(200);
    expect(list.json.calls).toHaveLength(1);
    const listed = list.json.calls[0];
    expect(listed).toMatchObject({ direction: 'test', agent: { id: agentId, name: 'Запись' }, turnCount: 2 });

    const detail = await call(callRouteModule, 'GET', { callId: listed.id }, analyst);
    expect(detail.status).toBe(200);
    const lines = detail.json.turns.map((t: Json) => [t.speaker, t.text]);
    expect(lines[1]).toEqual(['caller', 'Анна']);
    expect(detail.json.turns[0]).toMatchObject({ speaker: 'agent', nodeId: expect.any(String) });
    expect(detail.json.turns[0].timings.runtimeMs).toEqual(expect.any(Number));
    expect(detail.json.call.path.slice(0, 2)).toEqual(['start', 'greet']);
    expect(detail.json.flow.nodes.map((n: Json) => n.id)).toContain('ask_name');
    // Other projects see nothing of it.
    expect((await call(callRouteModule, 'GET', { callId: listed.id }, outsider)).status).toBe(404);
  });

  it('keeps a caller’s unrecognised speech and pressed keys as turns of their own (issue 18 item 7)', async () => {
    const callId = `api-unrecognised-${crypto.randomUUID()}`;
    const t0 = Date.UTC(2026, 0, 5, 9);
    const turn = (
      n: number,
      trigger: 'start' | 'utterance' | 'dtmf',
      input: string | undefined,
      reply: string,
    ) =>
      ({
        type: 'turn.completed',
        callId,
        at: t0 + 1000 * (n + 1),
        turn: n,
        trigger,
        ...(input === undefined ? {} : { input }),
        ...(trigger === 'utterance'
          ? { speechStartAt: t0 + 1000 * n + 200, speechEndAt: t0 + 1000 * n + 700 }
          : {}),
        reply,
        nodePath: ['menu'],
        timings: { runtimeMs: 2 },
        filler: false,
      }) as VoiceCallEvent;
    const events: VoiceCallEvent[] = [
      {
        type: 'call.started',
        callId,
        at: t0,
        projectId,
        from: '+79990000001',
        to: 'reception',
        sampleRate: 8000,
        direction: 'inbound',
      },
      turn(0, 'start', undefined, 'Здравствуйте! Нажмите 1 или скажите, что нужно.'),
      turn(1, 'utterance', '', 'Простите, не расслышала.'),
      turn(2, 'dtmf', '1', 'Соединяю с записью.'),
      { type: 'call.ended', callId, at: t0 + 5000, reason: 'remote_hangup', durationMs: 5000, turns: 3 },
    ];
    await applyCallEvents(
      db(),
      events.map((event, i) => ({ sourceId: `u-${i}`, event })),
    );
    const row = await db().call.findFirstOrThrow({ where: { externalId: callId }, select: { id: true } });
    const detail = await call(callRouteModule, 'GET', { callId: row.id }, analyst);
    const callerTurns = (detail.json.turns as Json[]).filter((t) => t.speaker === 'caller');
    expect(callerTurns.map((t) => [t.trigger, t.text])).toEqual([
      ['utterance', ''],
      ['dtmf', '1'],
    ]);
    // Playable: the unrecognised line starts where the caller's speech did.
    expect(callerTurns[0]?.startMs).toBe(1200);
  });

  it('filters by direction, caller, duration and issues, and searches Russian and English word forms', async () => {
    const base = Date.UTC(2026, 0, 10, 9);
    const ru = await fileCall({
      startedAt: base,
      from: '+79161234567',
      lines: [
        ['', 'Добрый день'],
        ['Меня записали на пятницу?', 'Да, вы записаны'],
      ],
      durationMs: 95_000,
    });
    const en = await fileCall({
      startedAt: base + 1000,
      from: '+15550001111',
      direction: 'outbound',
      lines: [
        ['', 'Hello'],
        ['I booked two appointments', 'Both are confirmed'],
      ],
      durationMs: 20_000,
    });
    await fileCall({ project: otherProjectId, startedAt: base, lines: [['', 'Вас записали']] });
    const ids = async (query: Record<string, string>) => {
      const res = await call(callsRoute, 'GET', {}, analyst, {
        query: {
          from: new Date(base - 1).toISOString(),
          to: new Date(base + 60_000).toISOString(),
          ...query,
        },
      });
      expect(res.status, JSON.stringify(res.json)).toBe(200);
      return res.json.calls.map((c: Json) => c.id as string);
    };
    expect(await ids({ q: 'записаться' })).toEqual([ru]);
    const search = await call(callsRoute, 'GET', {}, analyst, {
      query: { q: 'записаться', to: new Date(base + 60_000).toISOString() },
    });
    expect(search.json.calls[0].snippet).toContain('[[записали]]');
    expect(await ids({ q: 'appointment booking' })).toEqual([en]);
    expect(await ids({ direction: 'outbound' })).toEqual([en]);
    expect(await ids({ caller: '+7916' })).toEqual([ru]);
    expect(await ids({ number: '+15550001111' })).toEqual([en]);
    expect(await ids({ minDuration: '60' })).toEqual([ru]);
    expect(await ids({ maxDuration: '30', minDuration: '10' })).toEqual([en]);
    expect(await ids({ sort: 'duration' })).toEqual([en, ru]);
    expect(await ids({ hasIssues: 'true' })).toEqual([]);
    const bad = await call(callsRoute, 'GET', {}, analyst, {
      query: { direction: 'sideways', minDuration: '-1', cursor: 'nope' },
    });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.json.error.fields)).toEqual(expect.arrayContaining(['direction', 'minDuration']));
  });

  it('pages stably while new calls arrive: every call once, in order', async () => {
    const base = Date.UTC(2025, 5, 1);
    const window = { from: new Date(base).toISOString(), to: new Date(base + 86_400_000).toISOString() };
    const original: string[] = [];
    for (let i = 0; i < 23; i += 1) original.push(await fileCall({ startedAt: base + 60_000 * (i % 12) }));
    const expected = (
      await db().call.findMany({
        where: { id: { in: original } },
        orderBy: [{ startedAt: 'desc' }, { id: 'desc' }],
        select: { id: true },
      })
    ).map((c) => c.id);
    const seen: string[] = [];
    let cursor: string | undefined;
    let page = 0;
    do {
      const res = await call(callsRoute, 'GET', {}, analyst, {
        query: { ...window, limit: '5', ...(cursor ? { cursor } : {}) },
      });
      seen.push(
        ...res.json.calls.map((c: Json) => c.id as string).filter((id: string) => original.includes(id)),
      );
      cursor = res.json.nextCursor ?? undefined;
      // Calls keep arriving between pages: newer ones and ones at the very same second as the cursor.
      await fileCall({ startedAt: base + 3_600_000 + page });
      await fileCall({ startedAt: base + 60_000 * (page % 12) });
      page += 1;
    } while (cursor && page < 50);
    const inserted = seen.filter((id) => !original.includes(id));
    expect(inserted).toEqual([]);
    expect(seen.slice(0, expected.length).sort()).toEqual([...expected].sort());
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('flags a turn (builder), not as an analyst; lists and works issues; links to the studio', async () => {
    const published = await createPublishedAgent(db(), projectId, {
      name: 'Часы',
      language: 'ru',
      graph: appointment,
    });
    const agent = { agentId: published.agent.id, versionId: published.version.id };
    const callId = await fileCall({
      startedAt: Date.now() - 5000,
      agent,
      lines: [
        ['', 'Здравствуйте'],
        ['Когда вы открыты?', 'Не понял вас'],
      ],
    });
    const detail = await call(callRouteModule, 'GET', { callId }, analyst);
    const agentLine = detail.json.turns.find((t: Json) => t.text === 'Не понял вас');
    const flag = { turnId: agentLine.id, reason: 'not_understood', comment: 'Спросили про часы' };
    const refused = await call(callIssuesRoute, 'POST', { callId }, analyst, { body: flag });
    expect(refused.status).toBe(403);
    expect(await db().callIssue.count({ where: { callId } })).toBe(0);
    const invalid = await call(callIssuesRoute, 'POST', { callId }, builder, {
      body: { turnId: crypto.randomUUID(), reason: 'meh' },
    });
    expect(invalid.status).toBe(400);
    expect(Object.keys(invalid.json.error.fields)).toContain('reason');
    const created = await call(callIssuesRoute, 'POST', { callId }, builder, { body: flag });
    expect(created.status).toBe(201);
    expect(created.json.issue).toMatchObject({ status: 'open', nodeId: 'greet', reason: 'not_understood' });
    expect(created.json.issue.studioUrl).toBe(
      `/p/${projectId}/agents/${agent.agentId}?version=${agent.versionId}&node=greet`,
    );
    const flagged = await call(callsRoute, 'GET', {}, analyst, { query: { hasIssues: 'true' } });
    expect(flagged.json.calls.map((c: Json) => c.id)).toEqual([callId]);
    const listed = await call(issuesRoute, 'GET', {}, analyst, { query: { status: 'open' } });
    expect(listed.json.issues[0]).toMatchObject({
      id: created.json.issue.id,
      turn: { text: 'Не понял вас' },
    });
    const issueId = created.json.issue.id as string;
    expect(
      (await call(issueRoute, 'PATCH', { issueId }, analyst, { body: { status: 'resolved' } })).status,
    ).toBe(403);
    const worked = await call(issueRoute, 'PATCH', { issueId }, builder, {
      body: { status: 'in_progress', assigneeId: builderId },
    });
    expect(worked.json.issue).toMatchObject({ status: 'in_progress', assigneeId: builderId });
    const stranger = await call(issueRoute, 'PATCH', { issueId }, builder, {
      body: { assigneeId: crypto.randomUUID() },
    });
    expect(stranger.status).toBe(400);
    const audit = await db().auditLog.findMany({
      where: { projectId, action: { startsWith: 'call.issue' } },
    });
    expect(audit.map((a) => a.action).sort()).toEqual(['call.issue.create', 'call.issue.update']);
  });

  it('streams the recording with range requests and audits the playback', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vp-rec-'));
    const path = join(dir, 'call.wav');
    writeFileSync(path, Buffer.from(Array.from({ length: 1000 }, (_, i) => i % 256)));
    const callId = await fileCall({ startedAt: Date.now() - 3000, recordingPath: path });
    const whole = await call(recordingRoute, 'GET', { callId }, analyst);
    expect(whole.status).toBe(200);
    expect(whole.res.headers.get('accept-ranges')).toBe('bytes');
    expect((await whole.res.arrayBuffer()).byteLength).toBe(1000);
    const part = await call(recordingRoute, 'GET', { callId }, { ...analyst, range: 'bytes=100-199' });
    expect(part.status).toBe(206);
    expect(part.res.headers.get('content-range')).toBe('bytes 100-199/1000');
    const bytes = new Uint8Array(await part.res.arrayBuffer());
    expect(bytes.length).toBe(100);
    expect(bytes[0]).toBe(100);
    const tail = await call(recordingRoute, 'GET', { callId }, { ...analyst, range: 'bytes=900-' });
    expect(tail.res.headers.get('content-range')).toBe('bytes 900-999/1000');
    await tail.res.arrayBuffer();
    expect((await call(recordingRoute, 'GET', { callId }, { ...analyst, range: 'bytes=5000-' })).status).toBe(
      416,
    );
    const audits = await db().auditLog.count({
      where: { projectId, action: 'call.recording.access', targetId: callId },
    });
    expect(audits).toBe(1);
  });

  it('exports the filtered calls as CSV with the row count for progress', async () => {
    const from = new Date(Date.UTC(2025, 5, 1)).toISOString();
    const to = new Date(Date.UTC(2025, 5, 2)).toISOString();
    const res = await call(csvRoute, 'GET', {}, analyst, { query: { from, to } });
    expect(res.status).toBe(200);
    const total = Number(res.res.headers.get('x-total-count'));
    expect(total).toBeGreaterThan(20);
    const text = await res.res.text();
    const rows = text.trim().split('\r\n');
    expect(rows[0]).toContain('started_at');
    expect(rows.length - 1).toBe(total);
  });
  it('tags a call (builder), not as an analyst; filters by tags; offers the vocabulary; keeps it per project', async () => {
    const at = Date.UTC(2025, 7, 1, 10);
    const vip = await fileCall({ startedAt: at, from: '+79991112233' });
    const plain = await fileCall({ startedAt: at + 60_000, from: '+79991112244' });
    const refused = await call(callRouteModule, 'PATCH', { callId: vip }, analyst, {
      body: { tags: ['vip'] },
    });
    expect(refused.status).toBe(403);
    const invalid = await call(callRouteModule, 'PATCH', { callId: vip }, builder, {
      body: { tags: ['ok', 'a,b', ' ', 'x'.repeat(41)] },
    });
    expect(invalid.status).toBe(400);
    expect(invalid.json.error.fields['tags.1']).toEqual(['must not contain a comma']);
    expect(invalid.json.error.fields['tags.2']).toEqual(['must not be empty']);
    expect(invalid.json.error.fields['tags.3']).toEqual(['must be at most 40 characters']);
    const tooMany = await call(callRouteModule, 'PATCH', { callId: vip }, builder, {
      body: { tags: Array.from({ length: 21 }, (_, i) => `t${i}`) },
    });
    expect(tooMany.status).toBe(400);
    expect((await db().call.findUniqueOrThrow({ where: { id: vip } })).tags).toEqual([]);

    const saved = await call(callRouteModule, 'PATCH', { callId: vip }, builder, {
      body: { tags: [' VIP ', 'Перезвонить  завтра', 'vip'] },
    });
    expect(saved.status).toBe(200);
    expect(saved.json.tags).toEqual(['vip', 'перезвонить завтра']);
    await call(callRouteModule, 'PATCH', { callId: plain }, builder, {
      body: { tags: ['перезвонить завтра'] },
    });

    const from = new Date(at - 1000).toISOString();
    const to = new Date(at + 120_000).toISOString();
    const list = async (tag: string) =>
      (await call(callsRoute, 'GET', {}, analyst, { query: { from, to, tag } })).json.calls.map(
        (c: Json) => c.id,
      );
    expect(await list('VIP')).toEqual([vip]);
    expect(await list('перезвонить завтра')).toEqual([plain, vip]);
    expect(await list('vip,перезвонить завтра')).toEqual([vip]);
    expect(await list('nobody')).toEqual([]);
    expect((await call(callsRoute, 'GET', {}, analyst, { query: { tag: ' , ' } })).status).toBe(400);
    const item = (await call(callsRoute, 'GET', {}, analyst, { query: { from, to, tag: 'vip' } })).json
      .calls[0];
    expect(item.tags).toEqual(['vip', 'перезвонить завтра']);

    // Removing a tag from its last call keeps it offered; the vocabulary is the project's own.
    await call(callRouteModule, 'PATCH', { callId: vip }, builder, { body: { tags: [] } });
    expect(await list('vip')).toEqual([]);
    const vocabulary = await call(callTagsRoute, 'GET', {}, analyst);
    expect(vocabulary.json.tags).toEqual(expect.arrayContaining(['vip', 'перезвонить завтра']));
    const foreign = await call(callTagsRoute, 'GET', { projectId: otherProjectId }, outsider);
    expect(foreign.json.tags).not.toContain('vip');
    const crossProject = await call(
      callRouteModule,
      'PATCH',
      { callId: plain, projectId: otherProjectId },
      outsider,
      {
        body: { tags: ['stolen'] },
      },
    );
    expect(crossProject.status).toBe(404);
    const audits = await db().auditLog.count({
      where: { projectId, action: 'call.tags.update', targetId: vip },
    });
    expect(audits).toBe(2);
  });
});
