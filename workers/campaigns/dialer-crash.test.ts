/**
 * Kill -9 in the middle of a campaign: two dialer processes share the work (BullMQ on the real Redis, the
 * real Postgres); one is killed with SIGKILL mid-run and a third starts. A stand-in media server on the
 * telephony bus claims each call row like the real one. Every contact is called exactly once for its one
 * attempt: none twice, none skipped, and the campaign completes.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { createProject, createPublishedAgent } from '../../tests/support/factories.ts';
import { db, disconnectDb } from '#server/db.ts';
import { redisEnv } from '#server/env/env-schema.ts';
import { parseEnv } from '#server/env/load-env.ts';
import { closeQueues, createQueue, QUEUES } from '#server/queues.ts';
import { createRedis } from '#server/redis.ts';
import { subscribeTelephony } from '#server/telephony/telephony-bus.server.ts';

const root = resolve(import.meta.dirname, '../..');
const env = parseEnv(redisEnv, 'test');
const subscriber = createRedis(env);
const children: ChildProcess[] = [];
const timers = new Set<NodeJS.Timeout>();

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  for (const t of timers) clearTimeout(t);
  const queue = createQueue(env, QUEUES.campaigns);
  await queue.obliterate({ force: true }).catch(() => undefined);
  await queue.close();
  await closeQueues();
  await subscriber.quit();
  await disconnectDb();
});

const startDialer = () => {
  const child = spawn(process.execPath, ['--import', 'tsx', 'workers/campaigns/dialer-process.ts', '300'], {
    cwd: root,
    env: process.env,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  children.push(child);
  return child;
};

const until = async (check: () => Promise<boolean> | boolean, ms: number, what: string) => {
  for (const end = Date.now() + ms; ;) {
    if (await check()) return;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
};

it(
  'survives kill -9 of a dialer mid-campaign: every contact called once, none skipped',
  { timeout: 150_000 },
  async () => {
    const projectId = (await createProject(db(), 'Dialer crash')).id;
    const graph = { schemaVersion: 1, nodes: [], edges: [] };
    const { agent, version } = await createPublishedAgent(db(), projectId, {
      name: 'Caller',
      language: 'ru',
      graph,
    });
    const connection = await db().sipConnection.create({
      data: { projectId, name: 'Trunk', provider: 'generic', host: 'sip.example.com', authMode: 'ip' },
    });
    const campaign = await db().campaign.create({
      data: {
        projectId,
        name: 'Crash',
        status: 'running',
        agentId: agent.id,
        versionId: version.id,
        connectionId: connection.id,
        maxConcurrent: 3,
        callsPerMinute: 600,
        maxAttempts: 1,
        schedule: {
          weekdays: [1, 2, 3, 4, 5, 6, 7],
          from: '00:00',
          to: '24:00',
          defaultTimezone: 'Europe/Moscow',
        },
      },
    });
    const phones = Array.from({ length: 24 }, (_, i) => `+7495${String(2000000 + i)}`);
    await db().campaignContact.createMany({
      data: phones.map((phone) => ({
        campaignId: campaign.id,
        projectId,
        phone,
        nextAttemptAt: new Date(0),
      })),
    });

    // The stand-in media server: claims a queued row once, answers, ends the call after 400 ms.
    const dials: string[] = [];
    const errors: string[] = [];
    let live = 0;
    let maxLive = 0;
    await subscribeTelephony(subscriber, (message) => {
      if (message.type !== 'test-call.requested' || message.projectId !== projectId) return;
      void (async () => {
        const claimed = await db().testCall.updateMany({
          where: { id: message.testCallId, status: 'queued' },
          data: { status: 'trying' },
        });
        if (claimed.count === 0) return;
        const row = await db().testCall.findUniqueOrThrow({ where: { id: message.testCallId } });
        dials.push(row.to);
        live++;
        maxLive = Math.max(maxLive, live);
        const timer = setTimeout(() => {
          timers.delete(timer);
          live--;
          // The closed call record first (the records writer), then the row the media server ends.
          db()
            .call.create({
              data: {
                projectId,
                externalId: `crash-${row.id}`,
                direction: 'outbound',
                toNumber: row.to,
                startedAt: new Date(),
                status: 'ended',
                disposition: 'completed',
              },
            })
            .then(() =>
              db().testCall.update({
                where: { id: row.id },
                data: {
                  status: 'ended',
                  sipCode: 200,
                  answeredAt: new Date(),
                  endedAt: new Date(),
                  sipCallId: `crash-${row.id}`,
                },
              }),
            )
            .catch((error: unknown) => errors.push(String(error)));
        }, 400);
        timers.add(timer);
      })();
    });

    const first = startDialer();
    startDialer();
    await until(() => dials.length >= 8, 60_000, 'the first calls').catch(async (e: unknown) => {
      const attempts = await db().campaignAttempt.groupBy({
        by: ['status'],
        where: { campaignId: campaign.id },
        _count: { _all: true },
      });
      const calls = await db().testCall.groupBy({
        by: ['status'],
        where: { projectId },
        _count: { _all: true },
      });
      throw new Error(
        `${String(e)} ${JSON.stringify({ attempts, calls, dials: dials.length, errors, exits: children.map((c) => c.exitCode) })}`,
      );
    });
    first.kill('SIGKILL');
    startDialer();
    await until(
      async () =>
        (await db().campaign.findUniqueOrThrow({ where: { id: campaign.id } })).status === 'completed',
      120_000,
      'the campaign to complete',
    );
    expect(dials.sort()).toEqual([...phones].sort());
    const contacts = await db().campaignContact.findMany({ where: { campaignId: campaign.id } });
    expect(contacts.every((c) => c.status === 'completed' && c.attemptCount === 1)).toBe(true);
    expect(await db().campaignAttempt.count({ where: { campaignId: campaign.id } })).toBe(24);
    expect(maxLive).toBeLessThanOrEqual(3);
  },
);
