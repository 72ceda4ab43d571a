// A queue's after-wait action and working hours against the real Postgres (issue 20): what the media server
// reads of a queue (closed by its hours in the project's time zone, the action it names), and the call records
// putting a caller who left the queue without a person on the timeline, overflowed, moved to the next queue.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProject } from '../../../tests/support/factories.ts';
import type { VoiceCallEvent } from '../calls/call-events.ts';
import { applyCallEvents } from '../calls/call-writer.server.ts';
import { db, disconnectDb } from '../db.ts';
import { operatorQueueOf } from './operator-queue.server.ts';

let projectId: string;

beforeAll(async () => {
  projectId = (await createProject(db(), 'Queues after the wait')).id;
  // Vladivostok is UTC+10 all year: 23:30 UTC on a Sunday is 09:30 on Monday there.
  await db().project.update({ where: { id: projectId }, data: { timeZone: 'Asia/Vladivostok' } });
  await db().handoffQueue.createMany({
    data: [
      {
        projectId,
        name: 'Weekdays',
        maxWaitSeconds: 120,
        afterWait: 'node',
        afterWaitNodeId: 'take_message',
        afterWaitMessage: 'Оставьте сообщение.',
        workingHours: { days: { mon: [['09:00', '18:00']] } },
      },
      { projectId, name: 'Seniors', afterWait: 'number', afterWaitTarget: '+74951234567' },
    ],
  });
});
afterAll(async () => {
  await disconnectDb();
});

describe('queue after the wait', () => {
  it('reads a queue open or closed by its hours in the project’s time zone, with its after-wait action', async () => {
    const mondayMorningThere = new Date('2026-12-06T23:30:00Z');
    const mondayEveningThere = new Date('2026-12-07T08:30:00Z');
    const open = await operatorQueueOf(db(), projectId, 'Weekdays', mondayMorningThere);
    expect(open).toEqual({
      maxWaitMs: 120_000,
      announceEveryMs: 30_000,
      afterWait: { kind: 'node', nodeId: 'take_message', message: 'Оставьте сообщение.' },
      closed: false,
    });
    expect((await operatorQueueOf(db(), projectId, 'Weekdays', mondayEveningThere))?.closed).toBe(true);
    // No hours: always open.
    expect(await operatorQueueOf(db(), projectId, 'Seniors', mondayEveningThere)).toMatchObject({
      closed: false,
      afterWait: { kind: 'number', target: '+74951234567' },
    });
    expect(await operatorQueueOf(db(), projectId, 'Nobody')).toBeNull();
  });

  it('files the caller leaving the queue: on the timeline, the handoff overflowed, the next queue waiting', async () => {
    const callId = `after-wait-${crypto.randomUUID()}`;
    const t0 = Date.now() - 60_000;
    const packet = { reason: 'asked_for_person', summary: '', slots: {}, caller: {}, transcriptExcerpt: [] };
    const events: VoiceCallEvent[] = [
      {
        type: 'call.started',
        callId,
        at: t0,
        projectId,
        from: '+79120000001',
        to: 'agent',
        sampleRate: 8000,
        direction: 'inbound',
      },
      {
        type: 'call.transfer',
        callId,
        at: t0 + 1000,
        target: { kind: 'queue', value: 'Weekdays' },
        mode: 'warm',
        handoff: packet,
        ok: true,
      },
      {
        type: 'call.queue',
        callId,
        at: t0 + 2000,
        action: 'closed',
        queue: 'Weekdays',
        then: 'queue',
        target: 'Seniors',
      },
      {
        type: 'call.transfer',
        callId,
        at: t0 + 3000,
        target: { kind: 'queue', value: 'Seniors' },
        mode: 'warm',
        handoff: packet,
        ok: true,
      },
    ];
    await applyCallEvents(
      db(),
      events.map((event, i) => ({ sourceId: `aw-${i}`, event })),
    );
    const call = await db().call.findFirstOrThrow({ where: { externalId: callId }, select: { id: true } });
    const handoffs = await db().handoff.findMany({
      where: { callId: call.id },
      include: { queue: { select: { name: true } } },
      orderBy: { createdAt: 'asc' },
    });
    expect(handoffs.map((h) => [h.queue.name, h.status])).toEqual([
      ['Weekdays', 'overflowed'],
      ['Seniors', 'queued'],
    ]);
    const timeline = await db().callEvent.findMany({
      where: { callId: call.id, type: 'handoff' },
      orderBy: { at: 'asc' },
      select: { data: true },
    });
    expect(timeline.map((e) => e.data)).toEqual([
      expect.objectContaining({ status: 'queued', queue: 'Weekdays' }),
      { status: 'queue_closed', queue: 'Weekdays', then: 'queue', target: 'Seniors' },
      expect.objectContaining({ status: 'queued', queue: 'Seniors' }),
    ]);
  });
});
