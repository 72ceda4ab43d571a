// Webhooks against a local HTTPS receiver (a self-signed certificate made with openssl), the real database
// and a real BullMQ queue: the signature verifies, a 500 is retried with backoff until it succeeds, private
// addresses are refused, deliveries are created once per event, and a day of failures disables the endpoint.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db, disconnectDb } from '#server/db.ts';
import { ServiceError } from '#server/errors/service-error.ts';
import { envelopeOf } from '#server/events/publish-event.ts';
import { closeQueues, enqueueJob } from '#server/queues.ts';
import { bullPrefix, createRedis } from '#server/redis.ts';
import { addMember, createProject, createUser } from '../../../tests/support/factories.ts';
import { attemptDelivery, DeliveryRetry } from './webhook-delivery.server.ts';
import { deliveriesFor } from './webhook-dispatch.server.ts';
import { verifySignature } from './webhook-signature.ts';
import { createWebhook, listDeliveries, webhookSecrets } from './webhooks.server.ts';

const config = { REDIS_URL: process.env.REDIS_URL!, REDIS_PREFIX: process.env.REDIS_PREFIX! };
// The receiver's certificate is self-signed: this test process trusts it (only the transport; the point is
// the signature and the policy, which are checked as in production).
process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';

interface Received {
  body: string;
  headers: Record<string, string | string[] | undefined>;
  ok: boolean;
}
let server: Server;
let base: string;
let answers: number[] = [];
const received: Received[] = [];
let projectId: string;
let ownerId: string;
const SECRET = 'whsec_test_secret_for_the_receiver';

function ctx() {
  return {
    access: {
      actor: { type: 'user' as const, id: ownerId, user: { id: ownerId, email: 'o@test.local', name: null } },
      user: { id: ownerId, email: 'o@test.local', name: null },
      projectId,
      role: 'owner' as const,
    },
    client: { ip: '127.0.0.1', userAgent: 'test' },
  };
}

async function hookAt(path: string, eventTypes: string[] = ['call.ended']) {
  const id = crypto.randomUUID();
  const credential = await webhookSecrets().create(
    projectId,
    { name: `webhook:${id}`, kind: 'other', secret: SECRET },
    { actorUserId: ownerId, actorType: 'user' },
  );
  // Straight to the table: the service refuses loopback addresses, which is what the receiver is on.
  return db().webhook.create({
    data: { id, projectId, url: `${base}${path}`, eventTypes, credentialId: credential.id },
  });
}

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'webhook-tls-'));
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
    ],
    { stdio: 'ignore' },
  );
  server = createServer(
    { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) },
    (req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        const ok = verifySignature(
          SECRET,
          {
            signature: String(req.headers['x-webhook-signature'] ?? ''),
            timestamp: String(req.headers['x-webhook-timestamp'] ?? ''),
          },
          body,
        );
        received.push({ body, headers: req.headers, ok });
        res.writeHead(answers.shift() ?? 200).end('ok');
      });
    },
  );
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  base = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const project = await createProject(db());
  projectId = project.id;
  const owner = await createUser(db());
  ownerId = owner.id;
  await addMember(db(), projectId, ownerId, 'owner');
});

afterAll(async () => {
  await new Promise((ok) => server.close(ok));
  await closeQueues();
  await disconnectDb();
});

const deps = { db: db(), secrets: webhookSecrets(), allowHosts: ['127.0.0.1'] };
const ended = () =>
  envelopeOf({
    type: 'call.ended',
    projectId,
    data: { callId: 'c1', reason: 'remote_hangup', durationMs: 1000, turns: 2 },
  });

describe('webhooks', () => {
  it('refuses plain HTTP and private addresses when saved', async () => {
    const { webhookInput } = await import('./webhooks.server.ts');
    expect(
      webhookInput.safeParse({ url: 'http://hooks.example.com/x', eventTypes: ['call.ended'] }).success,
    ).toBe(false);
    const refused = await createWebhook(
      ctx(),
      webhookInput.parse({ url: 'https://127.0.0.1/hook', eventTypes: ['call.ended'] }),
    ).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ServiceError);
    expect((refused as ServiceError).fields?.url?.[0]).toMatch(/private address/);
  });

  it('signs each delivery so the receiver can verify it, and logs status and time', async () => {
    const hook = await hookAt('/ok');
    const event = ended();
    const [deliveryId] = await deliveriesFor(db(), event);
    // The same event again (a consumer redelivery) creates nothing new.
    expect(await deliveriesFor(db(), event)).toEqual([deliveryId]);
    expect(await db().webhookDelivery.count({ where: { webhookId: hook.id } })).toBe(1);
    const outcome = await attemptDelivery(deps, deliveryId!, false);
    expect(outcome).toEqual({ status: 'succeeded', responseStatus: 200 });
    const last = received.at(-1)!;
    expect(last.ok).toBe(true);
    expect(JSON.parse(last.body)).toMatchObject({ id: event.id, type: 'call.ended', projectId });
    expect(last.headers['x-webhook-id']).toBe(deliveryId);
    // A tampered body does not verify.
    expect(
      verifySignature(
        SECRET,
        {
          signature: String(last.headers['x-webhook-signature']),
          timestamp: String(last.headers['x-webhook-timestamp']),
        },
        last.body.replace('c1', 'c2'),
      ),
    ).toBe(false);
    const [logged] = await listDeliveries(projectId, hook.id, 10);
    expect(logged).toMatchObject({ status: 'succeeded', attempts: 1, responseStatus: 200 });
    expect(logged!.responseMs).toBeGreaterThanOrEqual(0);
  });

  it('retries a 500 with backoff on the queue until the receiver takes it', async () => {
    const hook = await hookAt('/flaky');
    const [deliveryId] = await deliveriesFor(db(), ended());
    answers = [500, 503];
    const worker = new Worker(
      'webhooks',
      async (job) => {
        const outcome = await attemptDelivery(deps, (job.data as { deliveryId: string }).deliveryId, false);
        if (outcome.status === 'retry') throw new DeliveryRetry(outcome.error);
        return outcome;
      },
      {
        connection: createRedis({ ...config, REDIS_PREFIX: '' }, { forWorker: true }),
        prefix: bullPrefix(config),
      },
    );
    try {
      // The table's policy (14 attempts, exponential from 10 s), with a short first delay for the test.
      await enqueueJob(
        'deliver-webhook',
        { deliveryId: deliveryId! },
        { backoff: { type: 'exponential', delay: 100 } },
      );
      for (let i = 0; i < 200; i++) {
        const row = await db().webhookDelivery.findUnique({ where: { id: deliveryId! } });
        if (row?.status === 'succeeded') break;
        await new Promise((ok) => setTimeout(ok, 100));
      }
    } finally {
      await worker.close();
    }
    const row = await db().webhookDelivery.findUnique({ where: { id: deliveryId! } });
    expect(row).toMatchObject({ status: 'succeeded', attempts: 3, responseStatus: 200 });
    expect((await db().webhook.findUnique({ where: { id: hook.id } }))?.failingSince).toBeNull();
  });

  it('refuses a private address at send time when it is not allowed', async () => {
    await hookAt('/private', ['call.started']);
    const event = envelopeOf({
      type: 'call.started',
      projectId,
      data: { callId: 'c', direction: 'inbound', from: '1', to: '2' },
    });
    const [deliveryId] = await deliveriesFor(db(), event);
    const before = received.length;
    const outcome = await attemptDelivery({ ...deps, allowHosts: [] }, deliveryId!, false);
    expect(outcome.status).toBe('failed');
    expect(received.length).toBe(before);
    expect((await db().webhookDelivery.findUnique({ where: { id: deliveryId! } }))?.error).toMatch(
      /private|loopback|Blocked/i,
    );
  });

  it('disables an endpoint that has failed for a day, and says why', async () => {
    const hook = await hookAt('/down', ['call.transferred']);
    await db().webhook.update({
      where: { id: hook.id },
      data: { failingSince: new Date(Date.now() - 25 * 3600_000) },
    });
    const event = envelopeOf({
      type: 'call.transferred',
      projectId,
      data: { callId: 'c', target: 'queue:sales', mode: 'warm', ok: true },
    });
    const [deliveryId] = await deliveriesFor(db(), event);
    answers = [500];
    expect((await attemptDelivery(deps, deliveryId!, false)).status).toBe('failed');
    const after = await db().webhook.findUnique({ where: { id: hook.id } });
    expect(after).toMatchObject({ enabled: false });
    expect(after?.disabledReason).toMatch(/HTTP 500/);
    // A disabled endpoint gets no new deliveries.
    expect(
      await deliveriesFor(
        db(),
        envelopeOf({
          type: 'call.transferred',
          projectId,
          data: { callId: 'd', target: 'q', mode: 'cold', ok: true },
        }),
      ),
    ).toEqual([]);
    const audit = await db().auditLog.findFirst({
      where: { projectId, action: 'webhook.disable', targetId: hook.id },
    });
    expect(audit).not.toBeNull();
  });
});
