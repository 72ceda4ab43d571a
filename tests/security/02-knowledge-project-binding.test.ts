// Issue 14, item 2: a project's calls search only that project's knowledge. Project A's draft names project
// B's knowledge base; neither the studio's voice test, nor a phone call through jambonz, nor the text
// console may read B's passage, and saving such a draft is refused at the node that names it.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { ServiceContext } from '#server/access/service-context.ts';
import { sendTestTurn, startTestSession } from '#server/agents/console-sessions.server.ts';
import { authContext } from '#server/auth/auth-context.server.ts';
import { db, disconnectDb } from '#server/db.ts';
import { replaceSourceChunks } from '#server/knowledge-base/chunk-store.server.ts';
import { createLogger } from '#server/logger.ts';
import { createRedis } from '#server/redis.ts';
import { forgetRoutes, routeDialled } from '#server/telephony/inbound-route.server.ts';
import { grantForTicket } from '#server/browser-voice/voice-ticket-grant.server.ts';
import { VoiceTestClient } from '../../media-server/src/browser/test-support/voice-test-client.ts';
import { attachJambonzApp, JAMBONZ_WS_PATH } from '../../media-server/src/jambonz/jambonz-app.ts';
import { JAMBONZ_SUBPROTOCOL, type JambonzAck } from '../../media-server/src/jambonz/jambonz-messages.ts';
import { createMediaHttpServer } from '../../media-server/src/media-http.ts';
import { freeUdpRange } from '../../media-server/src/sip-gateway/test-support/free-port.ts';
import { TurnService } from '../../media-server/src/turns/turn-service.ts';
import { ConversationStore } from '../../media-server/src/conversation/conversation-store.ts';
import { startVoiceStack, type VoiceStack } from '../../media-server/src/wiring/voice-stack.ts';
import * as draftRoute from '../../app/routes/api.v1.projects.$projectId.agents.$agentId.draft.ts';
import * as ticketRoute from '../../app/routes/api.v1.projects.$projectId.agents.$agentId.voice-tickets.ts';
import {
  addMember,
  createKnowledgeBase,
  createKnowledgeSource,
  createProject,
  createUser,
} from '../support/factories.ts';
import { bearerFor, callRoute } from '../support/route-call.ts';

const SECRET = 'The vault code is 4711, kept in the back office.';
const logger = createLogger('security-02', 'silent');
const redis = createRedis({ REDIS_URL: process.env.REDIS_URL!, REDIS_PREFIX: process.env.REDIS_PREFIX! });

/** Looks the vault code up at once (no caller input needed) and says what it found. */
const leakingFlow = (kbId: string) => ({
  schemaVersion: 2,
  knowledgeBases: [{ id: kbId, name: 'Vault' }],
  nodes: [
    { id: 'start', type: 'start', data: {} },
    { id: 'lookup', type: 'knowledge', data: { query: 'vault code', knowledgeBaseIds: [kbId] } },
    { id: 'found', type: 'say', data: { text: 'Found: {{knowledge_text}}' } },
    { id: 'none', type: 'say', data: { text: 'Nothing found.' } },
    { id: 'end', type: 'end', data: {} },
  ],
  edges: [
    { id: 'e1', source: 'start', sourceHandle: 'next', target: 'lookup' },
    { id: 'e2', source: 'lookup', sourceHandle: 'found', target: 'found' },
    { id: 'e3', source: 'lookup', sourceHandle: 'not_found', target: 'none' },
    { id: 'e4', source: 'found', sourceHandle: 'next', target: 'end' },
    { id: 'e5', source: 'none', sourceHandle: 'next', target: 'end' },
  ],
});

let projectA: string;
let builder: Record<string, string>;
let ctxA: ServiceContext;
let foreignKb: string;
let agentId: string;
let stack: VoiceStack;
let server: Server;
let base: string;

beforeAll(async () => {
  projectA = (await createProject(db(), 'Security 02 A')).id;
  const projectB = (await createProject(db(), 'Security 02 B')).id;
  const user = await createUser(db());
  await addMember(db(), projectA, user.id, 'builder');
  builder = await bearerFor(user.id);
  ctxA = {
    access: { actor: { type: 'user', id: user.id, user }, user, projectId: projectA, role: 'builder' },
    client: { ip: '127.0.0.1', userAgent: 'test' },
  };
  // Project B's knowledge base, which A must never read.
  foreignKb = (await createKnowledgeBase(db(), projectB, 'Vault')).id;
  const source = await createKnowledgeSource(
    db(),
    { id: foreignKb, projectId: projectB },
    { kind: 'qa', name: 'Back office' },
  );
  await replaceSourceChunks(source, [
    {
      index: 0,
      hash: 'vault',
      text: SECRET,
      headingPath: ['Vault code'],
      searchText: `Vault code\n${SECRET}`,
      language: 'en',
      textSearchConfig: 'english',
      charCount: SECRET.length,
      tokenEstimate: 12,
      blockKinds: ['paragraph'],
    },
  ]);
  // A's agent whose draft already names B's base (saved before saving checked it), and a number that
  // reaches a published version doing the same (published before publishing checked it).
  const agent = await db().agent.create({
    data: { projectId: projectA, name: 'Leaky', language: 'en', draftGraph: leakingFlow(foreignKb) },
  });
  agentId = agent.id;
  const version = await db().agentVersion.create({
    data: {
      agentId,
      projectId: projectA,
      number: 1,
      graph: leakingFlow(foreignKb),
      settings: { name: 'Leaky', language: 'en' },
    },
  });
  await db().agent.update({ where: { id: agentId }, data: { liveVersionId: version.id } });
  await db().phoneNumber.create({ data: { projectId: projectA, address: 'leaky-02', agentId } });
  forgetRoutes();

  // The media server wired as media-server/src/main.ts wires it: the voice stack's ports serve browser
  // calls (tickets from the web app) and jambonz calls.
  stack = await startVoiceStack({
    redis,
    logger,
    sip: { host: '127.0.0.1', port: 0, rtpPorts: await freeUdpRange(10) },
    maxCallsPerProject: 5,
  });
  const keys = authContext().keys;
  const http = createMediaHttpServer({
    redis,
    logger,
    portsFor: stack.portsFor,
    voice: { gateway: stack.gateway, logger, verifyTicket: (ticket) => grantForTicket(keys, ticket, redis) },
  });
  server = http.server;
  attachJambonzApp(server, {
    service: new TurnService(new ConversationStore(redis), 'jambonz', stack.portsFor),
    routeDialled,
    token: 'security-02-jambonz-token',
    logger,
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 60_000);

afterAll(async () => {
  await stack?.drain(1000);
  await stack?.close();
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  await redis.quit();
  await authContext().redis.quit();
  await disconnectDb();
});

describe('item 2: runtime ports are bound to the call’s project', () => {
  it('the studio’s voice test of A’s draft does not find B’s passage', async () => {
    const issued = await callRoute(ticketRoute, {
      method: 'POST',
      path: `/api/v1/projects/${projectA}/agents/${agentId}/voice-tickets`,
      params: { projectId: projectA, agentId },
      headers: builder,
      body: {},
    });
    expect(issued.status).toBe(201);
    const { ticket } = (await issued.json()) as { ticket: string };
    const client = await VoiceTestClient.connect(
      `ws://${base}/voice/v1/ws?ticket=${encodeURIComponent(ticket)}`,
    );
    const reply = await client.until(
      () => client.message('reply', (m) => m.text.startsWith('Found') || m.text.startsWith('Nothing')),
      15_000,
      'the lookup’s reply',
    );
    client.close();
    expect(reply.message.text).not.toContain('4711');
    expect(reply.message.text).toBe('Nothing found.');
  });

  it('a jambonz call to A’s number does not find B’s passage', async () => {
    const ws = new WebSocket(`ws://${base}${JAMBONZ_WS_PATH}`, JAMBONZ_SUBPROTOCOL, {
      headers: {
        authorization: `Basic ${Buffer.from('jambonz:security-02-jambonz-token').toString('base64')}`,
      },
    });
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    const callSid = crypto.randomUUID();
    const ack = await new Promise<JambonzAck>((resolve) => {
      ws.once('message', (data) => resolve(JSON.parse(String(data)) as JambonzAck));
      ws.send(
        JSON.stringify({
          type: 'session:new',
          msgid: 'm1',
          call_sid: callSid,
          data: { call_sid: callSid, direction: 'inbound', from: '+79001234567', to: 'leaky-02' },
        }),
      );
    });
    ws.close();
    const said = JSON.stringify(ack.data);
    expect(said).not.toContain('4711');
    expect(said).toContain('Nothing found.');
  });

  it('the text console of A’s draft does not find B’s passage', async () => {
    const { session, turn } = await startTestSession(ctxA, agentId, undefined);
    expect(turn.replies.join(' ')).not.toContain('4711');
    expect(turn.replies).toContain('Nothing found.');
    expect(session.id).toBeTruthy();
    // And later turns of that conversation stay in A too.
    await sendTestTurn(ctxA, agentId, session.id, { text: 'vault code' }).catch(() => undefined);
  });

  it('saving a draft that names B’s knowledge base is refused at the node, and changes nothing', async () => {
    const before = await db().agent.findUniqueOrThrow({ where: { id: agentId } });
    const answer = await callRoute(draftRoute, {
      method: 'PUT',
      path: `/api/v1/projects/${projectA}/agents/${agentId}/draft`,
      params: { projectId: projectA, agentId },
      headers: builder,
      body: { graph: leakingFlow(foreignKb), revision: before.draftRevision },
    });
    expect(answer.status).toBe(400);
    const body = (await answer.json()) as { error: { code: string; fields: Record<string, string[]> } };
    expect(body.error.code).toBe('foreign_reference');
    expect(body.error.fields.lookup?.join(' ')).toContain(foreignKb);
    expect(body.error.fields.knowledgeBases?.join(' ')).toContain(foreignKb);
    const after = await db().agent.findUniqueOrThrow({ where: { id: agentId } });
    expect(after.draftRevision).toBe(before.draftRevision);
  });

  it('saving a draft whose tool names a credential A does not have is refused at the tool’s node', async () => {
    const before = await db().agent.findUniqueOrThrow({ where: { id: agentId } });
    const graph = {
      schemaVersion: 2,
      tools: [
        {
          name: 'crm',
          kind: 'http',
          http: { method: 'GET', url: 'https://crm.example/api', credential: 'b-crm-token' },
        },
      ],
      nodes: [
        { id: 'start', type: 'start', data: {} },
        { id: 'call-crm', type: 'tool', data: { tool: 'crm' } },
      ],
      edges: [{ id: 'e1', source: 'start', sourceHandle: 'next', target: 'call-crm' }],
    };
    const answer = await callRoute(draftRoute, {
      method: 'PUT',
      path: `/api/v1/projects/${projectA}/agents/${agentId}/draft`,
      params: { projectId: projectA, agentId },
      headers: builder,
      body: { graph, revision: before.draftRevision },
    });
    expect(answer.status).toBe(400);
    const body = (await answer.json()) as { error: { code: string; fields: Record<string, string[]> } };
    expect(body.error.fields['call-crm']?.join(' ')).toContain('b-crm-token');
    expect(body.error.fields['tools.crm.credential']?.join(' ')).toContain('b-crm-token');
  });

  it('a number never routes to another project’s agent or version, even if the database links them', async () => {
    const other = (await createProject(db(), 'Security 02 C')).id;
    const foreignAgent = await db().agent.create({
      data: { projectId: other, name: 'Elsewhere', language: 'en', draftGraph: leakingFlow(foreignKb) },
    });
    const foreignVersion = await db().agentVersion.create({
      data: {
        agentId: foreignAgent.id,
        projectId: other,
        number: 1,
        graph: leakingFlow(foreignKb),
        settings: {},
      },
    });
    await db().agent.update({ where: { id: foreignAgent.id }, data: { liveVersionId: foreignVersion.id } });
    // Written around the numbers API, which refuses both links.
    await db().phoneNumber.create({
      data: { projectId: projectA, address: 'crossed-02', agentId: foreignAgent.id },
    });
    await db().phoneNumber.create({
      data: { projectId: projectA, address: 'pinned-02', agentId, pinnedVersionId: foreignVersion.id },
    });
    forgetRoutes();
    expect(await routeDialled('crossed-02')).toMatchObject({ ok: false, status: 480 });
    expect(await routeDialled('pinned-02')).toMatchObject({ ok: false, status: 480 });
  });
});
