// Issue 14, item 14, siblings: text Postgres cannot store also arrives from places other than a request body.
// A call event carrying a NUL (a tool's answer, a caller's number, a jambonz transcript) made the call-records
// writer fail the whole batch and retry it forever, so no call was recorded after it; a text file with a NUL
// past the sniffed head failed indexing with a database error. Both now store the text without it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createKnowledgeBase,
  createKnowledgeSource,
  createProject,
  createPublishedAgent,
} from '../support/factories';
import { db, disconnectDb } from '~/.server/db';
import { indexSource } from '~/.server/knowledge-base/index-source.server';
import { createLogger } from '~/.server/logger';
import { createRedis } from '~/.server/redis';
import type { VoiceCallEvent } from '#server/calls/call-events';
import { CallEventsConsumer } from '../../workers/call-records/call-events-consumer';

const redis = createRedis({ REDIS_URL: process.env.REDIS_URL!, REDIS_PREFIX: process.env.REDIS_PREFIX! });
const stream = `events:calls:nul-${crypto.randomUUID().slice(0, 6)}`;
let projectId: string;
let agentId: string;
let versionId: string;

beforeAll(async () => {
  projectId = (await createProject(db(), 'Stored text')).id;
  const published = await createPublishedAgent(db(), projectId, {
    name: 'Agent',
    language: 'en',
    graph: { schemaVersion: 1, nodes: [], edges: [] },
  });
  agentId = published.agent.id;
  versionId = published.version.id;
});
afterAll(async () => {
  await redis.del(stream);
  await redis.quit();
  await disconnectDb();
});

function call(callId: string, bad: string): VoiceCallEvent[] {
  const t0 = Date.now();
  return [
    {
      type: 'call.started',
      callId,
      at: t0,
      projectId,
      agentId,
      versionId,
      from: `+7999${bad}`,
      to: 'demo',
      sampleRate: 8000,
      direction: 'inbound',
    },
    {
      type: 'turn.completed',
      callId,
      at: t0 + 1000,
      turn: 0,
      trigger: 'start',
      reply: `Hello${bad}`,
      nodePath: ['start'],
      timings: { runtimeMs: 1 },
      filler: false,
      replyAt: t0 + 1000,
      variables: { [`k${bad}`]: `v${bad}` },
    },
    {
      type: 'call.ended',
      callId,
      at: t0 + 2000,
      reason: 'flow_hangup',
      disposition: `done${bad}`,
      durationMs: 2000,
      turns: 1,
    },
  ] as VoiceCallEvent[];
}

describe('text that cannot be stored, arriving from the voice gateway and from files', () => {
  it('a call event with a NUL or a lone surrogate is written without it, and later calls still are', async () => {
    const poisoned = `nul-${crypto.randomUUID()}`;
    const surrogate = `sur-${crypto.randomUUID()}`;
    const after = `after-${crypto.randomUUID()}`;
    for (const [id, bad] of [
      [poisoned, '\u0000'],
      [surrogate, '\uD800'],
      [after, ''],
    ] as const)
      for (const event of call(id, bad))
        await redis.xadd(stream, '*', 'type', event.type, 'event', JSON.stringify(event));
    const consumer = new CallEventsConsumer({
      redis: createRedis(
        { REDIS_URL: process.env.REDIS_URL!, REDIS_PREFIX: process.env.REDIS_PREFIX! },
        { forWorker: true },
      ),
      db: db(),
      logger: createLogger('test', 'silent'),
      stream,
      blockMs: 200,
    });
    await consumer.start();
    try {
      const deadline = Date.now() + 20_000;
      let written = 0;
      while (Date.now() < deadline) {
        written = await db().call.count({
          where: { projectId, externalId: { in: [poisoned, surrogate, after] }, status: 'ended' },
        });
        if (written === 3) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(written).toBe(3);
    } finally {
      await consumer.stop();
    }
    const row = await db().call.findFirstOrThrow({ where: { projectId, externalId: poisoned } });
    expect(row.fromNumber).toBe('+7999');
  }, 40_000);

  it('a text file with a NUL past its first 8 KB is indexed without it', async () => {
    const text = `${'Opening hours are nine to five. '.repeat(400)}\u0000Parking is free.\n`;
    const kb = await createKnowledgeBase(db(), projectId, 'Docs');
    const source = await createKnowledgeSource(
      db(),
      { id: kb.id, projectId: projectId },
      {
        kind: 'file',
        name: 'hours.txt',
        fileName: 'hours.txt',
        mimeType: 'text/plain',
        fileContent: Buffer.from(text, 'utf8'),
      },
    );
    const result = await indexSource(source.id, { finalAttempt: true });
    const row = await db().knowledgeSource.findUniqueOrThrow({ where: { id: source.id } });
    expect({ status: result.status, error: row.error }).toEqual({ status: 'ready', error: null });
  });
});
