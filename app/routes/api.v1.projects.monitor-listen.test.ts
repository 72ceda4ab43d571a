import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, createProject, createUser } from '../../tests/support/factories';
import { bearerFor, callRouteJson } from '../../tests/support/route-call';
import type { Role } from '~/.server/access/permissions';
import { authContext } from '~/.server/auth/auth-context.server';
import { grantForListenTicket, signListenTicket } from '~/.server/browser-voice/listen-ticket.server';
import { db, disconnectDb } from '~/.server/db';
import { queueRow, type LiveCall } from '~/.server/monitor/live-board';
import { listenUrlOf } from '~/.server/monitor/monitor.server';
import * as listenRoute from './api.v1.projects.$projectId.monitor.listen';

// The web side of listen-in: who may get a ticket (calls.monitor, signed-in, the call live in the project),
// what the ticket opens (that call of that project, once, within a minute), and the audit entry.
let projectA = '';
let projectB = '';
const users: Partial<Record<Role | 'outsider', string>> = {};
const callA = `sip-${crypto.randomUUID()}@127.0.0.1`;
const callB = `web-${crypto.randomUUID()}`;

const row = (projectId: string, callId: string): LiveCall => ({
  callId,
  projectId,
  direction: 'inbound',
  from: '+79990001122',
  to: 'demo',
  startedAt: Date.now(),
  turns: 0,
  alerts: [],
});

async function askListen(user: string, projectId: string, callId: string, mode?: string) {
  return callRouteJson(listenRoute, {
    method: 'POST',
    path: `/api/v1/projects/${projectId}/monitor/listen`,
    params: { projectId },
    headers: await bearerFor(user),
    body: { callId, ...(mode ? { mode } : {}) },
  });
}

beforeAll(async () => {
  projectA = (await createProject(db(), 'Listen A')).id;
  projectB = (await createProject(db(), 'Listen B')).id;
  for (const role of ['owner', 'admin', 'supervisor', 'builder', 'operator', 'analyst'] as const) {
    const user = await createUser(db());
    await addMember(db(), projectA, user.id, role);
    users[role] = user.id;
  }
  const outsider = await createUser(db());
  await addMember(db(), projectB, outsider.id, 'supervisor');
  users.outsider = outsider.id;
  const chain = authContext().redis.multi();
  queueRow(chain, row(projectA, callA));
  queueRow(chain, row(projectB, callB));
  await chain.exec();
});

afterAll(async () => {
  await authContext().redis.quit();
  await disconnectDb();
});

describe('POST /api/v1/projects/{projectId}/monitor/listen', () => {
  it('gives a supervisor a one-use ticket for a live call of the project, and audits it', async () => {
    const { status, json, res } = await askListen(users.supervisor!, projectA, callA);
    expect(status).toBe(201);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(json.url).toMatch(/^wss?:\/\/[^/]+\/voice\/v1\/listen\?ticket=/);
    expect(json.expiresIn).toBe(60);
    const { keys, redis } = authContext();
    expect(await grantForListenTicket(keys, json.ticket as string, redis)).toEqual({
      projectId: projectA,
      callId: callA,
      userId: users.supervisor,
      mode: 'listen',
    });
    // Once only.
    expect(await grantForListenTicket(keys, json.ticket as string, redis)).toBeNull();
    const audit = await db().auditLog.findFirst({
      where: { projectId: projectA, action: 'call.listen', targetId: callA },
    });
    expect(audit).toMatchObject({ actorUserId: users.supervisor, targetType: 'call' });
  });

  it('whisper, barge and take-over: supervisors and above only, the mode in the ticket, each audited', async () => {
    const { keys, redis } = authContext();
    for (const mode of ['whisper', 'barge', 'takeover'] as const) {
      const { status, json } = await askListen(users.supervisor!, projectA, callA, mode);
      expect(status).toBe(201);
      expect(await grantForListenTicket(keys, json.ticket as string, redis)).toMatchObject({ mode });
      const audit = await db().auditLog.findFirst({
        where: { projectId: projectA, action: `call.${mode}`, targetId: callA },
      });
      expect(audit).toMatchObject({ actorUserId: users.supervisor, targetType: 'call' });
    }
    expect((await askListen(users.admin!, projectA, callA, 'takeover')).status).toBe(201);
    for (const role of ['builder', 'operator', 'analyst'] as const)
      expect((await askListen(users[role]!, projectA, callA, 'takeover')).status).toBe(403);
    expect((await askListen(users.supervisor!, projectA, callA, 'shout')).status).toBe(400);
  });

  it('owners and admins may listen too; builders, operators and analysts get 403', async () => {
    for (const role of ['owner', 'admin'] as const)
      expect((await askListen(users[role]!, projectA, callA)).status).toBe(201);
    for (const role of ['builder', 'operator', 'analyst'] as const) {
      const { status, json } = await askListen(users[role]!, projectA, callA);
      expect(status).toBe(403);
      expect(json.ticket).toBeUndefined();
    }
  });

  it('refuses a call of another project and a supervisor of another project, signing nothing', async () => {
    const before = await db().auditLog.count({ where: { action: 'call.listen', targetId: callB } });
    // A supervisor of A naming B's call through A: not live here.
    const foreign = await askListen(users.supervisor!, projectA, callB);
    expect(foreign.status).toBe(404);
    expect(foreign.json.error.code).toBe('call_not_found');
    expect(foreign.json.ticket).toBeUndefined();
    // B's supervisor asking in A: not a member, so A is not there for them (as every project route answers).
    const outsider = await askListen(users.outsider!, projectA, callA);
    expect(outsider.status).toBe(404);
    expect(outsider.json.ticket).toBeUndefined();
    expect(await db().auditLog.count({ where: { action: 'call.listen', targetId: callB } })).toBe(before);
  });

  it('refuses expired, forged and other-audience tickets at the check the media server runs', async () => {
    const { keys, redis } = authContext();
    const claims = { projectId: projectA, callId: callA, userId: users.supervisor! };
    expect(
      await grantForListenTicket(keys, await signListenTicket(keys, claims, Date.now() - 120_000), redis),
    ).toBeNull();
    const forged = await signListenTicket([{ kid: keys[0]!.kid, secret: Buffer.alloc(32, 9) }], claims);
    expect(await grantForListenTicket(keys, forged, redis)).toBeNull();
    expect(await grantForListenTicket(keys, 'not.a.ticket', redis)).toBeNull();
  });

  it('finds the listen socket beside the voice one', () => {
    expect(listenUrlOf('ws://localhost:3001/voice/v1/ws')).toBe('ws://localhost:3001/voice/v1/listen');
    expect(listenUrlOf('wss://media.example.com/voice/v1/ws')).toBe(
      'wss://media.example.com/voice/v1/listen',
    );
  });
});
