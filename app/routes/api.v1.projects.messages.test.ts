// The messaging API over its routes: a channel's secret is never answered, a repeated Idempotency-Key answers
// the first message (200) instead of queueing another (202), a missing template variable is 400 naming it,
// and an analyst reads the log but cannot send.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, createProject, createUser } from '../../tests/support/factories';
import { bearerFor, callRoute } from '../../tests/support/route-call';
import { authContext } from '~/.server/auth/auth-context.server';
import { db, disconnectDb } from '~/.server/db';
import { closeQueues } from '~/.server/queues';
import * as channelsRoute from './api.v1.projects.$projectId.messaging-channels';
import * as templatesRoute from './api.v1.projects.$projectId.message-templates';
import * as messagesRoute from './api.v1.projects.$projectId.messages';

let projectId: string;
let owner: Record<string, string>;
let analyst: Record<string, string>;

beforeAll(async () => {
  projectId = (await createProject(db())).id;
  const o = await createUser(db());
  const a = await createUser(db());
  await addMember(db(), projectId, o.id, 'owner');
  await addMember(db(), projectId, a.id, 'analyst');
  owner = await bearerFor(o.id);
  analyst = await bearerFor(a.id);
});
afterAll(async () => {
  await closeQueues();
  await authContext().redis.quit();
  await disconnectDb();
});

const post = (mod: typeof messagesRoute, headers: Record<string, string>, body: unknown) =>
  callRoute(mod, { method: 'POST', path: '/x', params: { projectId }, headers, body });

describe('messaging routes', () => {
  it('adds a channel without answering its secret, then sends once per idempotency key', async () => {
    const created = await post(channelsRoute, owner, {
      name: 'SMS',
      kind: 'smsru',
      secret: 'route-secret-1',
    });
    expect(created.status).toBe(201);
    const channelText = await created.text();
    expect(channelText).not.toContain('route-secret-1');
    const channel = JSON.parse(channelText) as { id: string; hasSecret: boolean };
    expect(channel.hasSecret).toBe(true);

    const template = await post(templatesRoute, owner, {
      channelId: channel.id,
      name: 'Booking',
      body: 'Вы записаны на {{time}}',
    });
    expect(template.status).toBe(201);
    const { id: templateId, preview } = (await template.json()) as {
      id: string;
      preview: { sms: { encoding: string } };
    };
    expect(preview.sms.encoding).toBe('ucs2');

    const missing = await post(messagesRoute, owner, {
      channelId: channel.id,
      to: '+79160000010',
      templateId,
    });
    expect(missing.status).toBe(400);
    expect(await missing.json()).toMatchObject({
      error: { code: 'template_variables_missing', fields: { variables: ['Missing: time'] } },
    });

    const body = { channelId: channel.id, to: '+79160000010', templateId, variables: { time: '15:00' } };
    const key = { ...owner, 'idempotency-key': 'route-key-1' };
    const first = await post(messagesRoute, key, body);
    const again = await post(messagesRoute, key, body);
    expect(first.status).toBe(202);
    expect(again.status).toBe(200);
    const a = (await first.json()) as { id: string; text: string; status: string };
    expect(a).toMatchObject({ text: 'Вы записаны на 15:00', status: 'queued' });
    expect(((await again.json()) as { id: string }).id).toBe(a.id);
    expect(await db().message.count({ where: { projectId, idempotencyKey: 'route-key-1' } })).toBe(1);

    const log = await callRoute(messagesRoute, {
      method: 'GET',
      path: `/api/v1/projects/${projectId}/messages?to=0010`,
      params: { projectId },
      headers: analyst,
    });
    expect(log.status).toBe(200);
    expect(((await log.json()) as { messages: unknown[] }).messages).toHaveLength(1);
    expect((await post(messagesRoute, analyst, body)).status).toBe(403);
  });
});
