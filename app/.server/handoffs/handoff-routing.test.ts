// Routing of handoffs against the real Postgres and Redis (issue 20): skills, the longest-idle operator,
// declined and missed offers going to the next one, overflow after the maximum wait, an abandoned caller,
// and no call ever offered to two operators even with many dispatchers racing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, createProject, createUser } from '../../../tests/support/factories.ts';
import { db, disconnectDb } from '../db.ts';
import { STREAMS } from '../events/event-streams.ts';
import { createRedis } from '../redis.ts';
import {
  abandonHandoffOf,
  acceptOffer,
  completeHandoffOf,
  wrapUpHandoff,
  dispatchProject,
  enqueueHandoff,
  passOffer,
  sweepHandoffs,
  type RoutingDeps,
} from './handoff-routing.server.ts';

const redis = createRedis({ REDIS_URL: process.env.REDIS_URL!, REDIS_PREFIX: process.env.REDIS_PREFIX! });
const deps = (now?: Date): RoutingDeps => ({ db: db(), redis, ...(now ? { now: () => now } : {}) });

afterAll(async () => {
  await redis.quit();
  await disconnectDb();
});

async function operator(
  projectId: string,
  idleSecondsAgo: number,
  languages: string[],
  topics: string[] = [],
) {
  const user = await createUser(db());
  await addMember(db(), projectId, user.id, 'operator');
  await db().operatorPresence.create({
    data: {
      projectId,
      userId: user.id,
      status: 'online',
      languages,
      topics,
      idleSince: new Date(Date.now() - idleSecondsAgo * 1000),
    },
  });
  return user.id;
}

async function queue(
  projectId: string,
  fields: { languages?: string[]; topics?: string[]; maxWaitSeconds?: number; wrapUpSeconds?: number } = {},
) {
  return db().handoffQueue.create({
    data: { projectId, name: `q-${crypto.randomUUID().slice(0, 6)}`, languages: [], topics: [], ...fields },
  });
}

const packet = (language: string) => ({
  reason: 'asked_for_person',
  summary: 'Хочет поговорить с человеком',
  language,
  slots: { phone: '+79120000000' },
  transcriptExcerpt: [{ speaker: 'caller', text: 'Соедините с оператором' }],
});

const enqueue = (projectId: string, queueName: string, language = 'ru', callId: string | null = null) =>
  db().$transaction((tx) => enqueueHandoff(tx, { projectId, queueName, callId, packet: packet(language) }));

const statusOf = async (projectId: string, userId: string) =>
  (await db().operatorPresence.findUniqueOrThrow({ where: { projectId_userId: { projectId, userId } } }))
    .status;

describe('handoff routing', () => {
  let projectId: string;
  beforeAll(async () => {
    projectId = (await createProject(db())).id;
  });

  it('offers to the longest-idle online operator with the skills, with the packet kept', async () => {
    const q = await queue(projectId, { languages: ['ru', 'en'], topics: ['billing'] });
    const fresh = await operator(projectId, 10, ['ru'], ['billing']);
    const longest = await operator(projectId, 600, ['en'], ['billing']); // wrong language for this caller
    const idle = await operator(projectId, 300, ['ru', 'en'], ['billing']);
    const noTopic = await operator(projectId, 900, ['ru'], []);
    const handoff = await enqueue(projectId, q.name, 'ru');
    expect(handoff).not.toBeNull();
    const offers = await dispatchProject(deps(), projectId);
    expect(offers.map((o) => o.operatorUserId)).toEqual([idle]);
    expect(await statusOf(projectId, idle)).toBe('offered');
    for (const other of [fresh, longest, noTopic]) expect(await statusOf(projectId, other)).toBe('online');
    const row = await db().handoff.findUniqueOrThrow({ where: { id: handoff!.id } });
    expect(row).toMatchObject({ status: 'offered', operatorUserId: idle, language: 'ru' });
    expect(row.packet).toMatchObject({ reason: 'asked_for_person', slots: { phone: '+79120000000' } });
    // Cleanup for the next cases: this project's operators go offline.
    await db().operatorPresence.updateMany({ where: { projectId }, data: { status: 'offline' } });
  });

  it('sends a declined offer to the next operator and never back; an accepted one makes the operator busy', async () => {
    const q = await queue(projectId);
    const first = await operator(projectId, 500, []);
    const second = await operator(projectId, 400, []);
    const handoff = (await enqueue(projectId, q.name))!;
    const [offer] = await dispatchProject(deps(), projectId);
    expect(offer?.operatorUserId).toBe(first);
    await passOffer(deps(), projectId, handoff.id, first, 'declined');
    const row = await db().handoff.findUniqueOrThrow({ where: { id: handoff.id } });
    expect(row).toMatchObject({ status: 'offered', operatorUserId: second, passedBy: [first] });
    expect(await statusOf(projectId, first)).toBe('online'); // free for other calls, not this one
    await passOffer(deps(), projectId, handoff.id, second, 'declined');
    expect((await db().handoff.findUniqueOrThrow({ where: { id: handoff.id } })).status).toBe('queued');
    // Nobody left who has not passed on it: the call waits.
    expect(await dispatchProject(deps(), projectId)).toEqual([]);
    const third = await operator(projectId, 1, []);
    const [again] = await dispatchProject(deps(), projectId);
    expect(again?.operatorUserId).toBe(third);
    await acceptOffer(deps(), projectId, handoff.id, third);
    expect(await statusOf(projectId, third)).toBe('busy');
    await expect(passOffer(deps(), projectId, handoff.id, third, 'declined')).rejects.toMatchObject({
      code: 'offer_gone',
    });
    await db().operatorPresence.updateMany({ where: { projectId }, data: { status: 'offline' } });
  });

  it('turns a rung-out offer into a miss (operator away, call to the next) and overflows past the maximum wait', async () => {
    const q = await queue(projectId, { maxWaitSeconds: 60 });
    const sleepy = await operator(projectId, 500, []);
    const awake = await operator(projectId, 100, []);
    const handoff = (await enqueue(projectId, q.name))!;
    const [offer] = await dispatchProject(deps(), projectId);
    expect(offer?.operatorUserId).toBe(sleepy);
    // 25 s later (offer timeout 20 s): missed.
    await sweepHandoffs(deps(new Date(Date.now() + 25_000)));
    expect(await statusOf(projectId, sleepy)).toBe('away');
    expect(await db().handoff.findUniqueOrThrow({ where: { id: handoff.id } })).toMatchObject({
      status: 'offered',
      operatorUserId: awake,
    });
    await db().operatorPresence.updateMany({ where: { projectId }, data: { status: 'offline' } });
    // A second caller nobody can take waits past the maximum wait: overflowed.
    const waiting = (await enqueue(projectId, q.name))!;
    const result = await sweepHandoffs(deps(new Date(Date.now() + 61_000)));
    expect(result.overflowed).toBeGreaterThanOrEqual(1);
    expect((await db().handoff.findUniqueOrThrow({ where: { id: waiting.id } })).status).toBe('overflowed');
  });

  it('records a caller who hangs up while waiting as abandoned and frees the operator it was offered to', async () => {
    const q = await queue(projectId);
    const op = await operator(projectId, 50, []);
    const callId = crypto.randomUUID();
    const handoff = (await enqueue(projectId, q.name, 'ru', callId))!;
    // Idempotent per call: a second request answers the same handoff.
    expect((await enqueue(projectId, q.name, 'ru', callId))!.id).toBe(handoff.id);
    await dispatchProject(deps(), projectId);
    await db().$transaction((tx) => abandonHandoffOf(tx, callId, new Date()));
    expect((await db().handoff.findUniqueOrThrow({ where: { id: handoff.id } })).status).toBe('abandoned');
    expect(await statusOf(projectId, op)).toBe('online');
    await db().operatorPresence.updateMany({ where: { projectId }, data: { status: 'offline' } });
  });

  it('publishes the offer on the bus for the operator it names', async () => {
    const q = await queue(projectId);
    const op = await operator(projectId, 50, []);
    const handoff = (await enqueue(projectId, q.name))!;
    const before = await redis.xrevrange(STREAMS.bus, '+', '-', 'COUNT', 1);
    await dispatchProject(deps(), projectId);
    const after = await redis.xrange(STREAMS.bus, before[0]?.[0] ?? '-', '+');
    const events = after.map(
      ([, f]) => JSON.parse(f[f.indexOf('event') + 1]!) as { type: string; data: Record<string, unknown> },
    );
    expect(events).toContainEqual(
      expect.objectContaining({
        type: 'handoff.requested',
        data: expect.objectContaining({ handoffId: handoff.id, operatorUserId: op, status: 'offered' }),
      }),
    );
    await db().operatorPresence.updateMany({ where: { projectId }, data: { status: 'offline' } });
  });

  it('never offers one call to two operators, nor two calls to one, with dispatchers racing', async () => {
    const project = (await createProject(db())).id;
    const q = await queue(project);
    const operators = await Promise.all(Array.from({ length: 8 }, (_, i) => operator(project, 100 + i, [])));
    const calls = await Promise.all(Array.from({ length: 12 }, () => enqueue(project, q.name)));
    const offers = (
      await Promise.all(Array.from({ length: 6 }, () => dispatchProject(deps(), project)))
    ).flat();
    expect(offers).toHaveLength(8);
    expect(new Set(offers.map((o) => o.handoffId)).size).toBe(8);
    expect(new Set(offers.map((o) => o.operatorUserId)).size).toBe(8);
    const offered = await db().handoff.count({ where: { projectId: project, status: 'offered' } });
    expect(offered).toBe(8);
    expect(calls.every(Boolean)).toBe(true);
    expect(operators).toHaveLength(8);
  });

  it('a call that ends with its operator puts them in wrap-up; the form files it and they are online; else the queue time does', async () => {
    // A project of its own: other tests' waiting calls would be offered the moment the operator is free.
    const projectId = (await createProject(db())).id;
    const q = await queue(projectId, { topics: ['wrap'], wrapUpSeconds: 30 });
    const first = await operator(projectId, 5000, [], ['wrap']);
    const callId = crypto.randomUUID();
    const handoff = await enqueue(projectId, q.name, 'ru', callId);
    await dispatchProject(deps(), projectId);
    await acceptOffer(deps(), projectId, handoff!.id, first);
    await db().$transaction((tx) => completeHandoffOf(tx, callId, new Date()));
    expect(await statusOf(projectId, first)).toBe('wrap_up');
    await wrapUpHandoff(deps(), projectId, handoff!.id, first, {
      disposition: 'follow_up',
      note: 'Перезвонить',
    });
    expect(await statusOf(projectId, first)).toBe('online');
    expect(await db().handoff.findUniqueOrThrow({ where: { id: handoff!.id } })).toMatchObject({
      status: 'completed',
      wrapDisposition: 'follow_up',
      wrapNote: 'Перезвонить',
    });
    // Someone else's or an open handoff cannot be wrapped up.
    await expect(
      wrapUpHandoff(deps(), projectId, handoff!.id, crypto.randomUUID(), {
        disposition: 'resolved',
        note: '',
      }),
    ).rejects.toMatchObject({ status: 409 });

    // Not filed: past the queue's wrap-up time the sweep puts the operator online anyway.
    const second = await enqueue(projectId, q.name, 'ru', crypto.randomUUID());
    await dispatchProject(deps(), projectId);
    await acceptOffer(deps(), projectId, second!.id, first);
    const ended = new Date();
    const row = await db().handoff.findUniqueOrThrow({ where: { id: second!.id } });
    await db().$transaction((tx) => completeHandoffOf(tx, row.callId!, ended));
    await sweepHandoffs(deps(new Date(ended.getTime() + 10_000)));
    expect(await statusOf(projectId, first)).toBe('wrap_up');
    await sweepHandoffs(deps(new Date(ended.getTime() + 31_000)));
    expect(await statusOf(projectId, first)).toBe('online');
  });
});
