import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initialState, parseFlow, runTurn, type FlowInput } from '#flow-runtime/index';
import { addMember, createProject, createUser } from '../../tests/support/factories';
import { bearerFor, callRouteJson, type RouteModule } from '../../tests/support/route-call';
import { authContext } from '~/.server/auth/auth-context.server';
import { db, disconnectDb } from '~/.server/db';
import { createLogger } from '~/.server/logger';
import { chunk, usageChunk, writeSse } from '~/.server/providers/test-support/openai-sse';
import {
  startLocalHttpServer,
  type LocalHttpServer,
} from '~/.server/providers/test-support/local-http-server';
import { createOpenAiCompatibleLlm } from '~/.server/providers/llm/openai-compatible-llm';
import { closeQueues } from '~/.server/queues';
import { createRuntimePorts } from '~/.server/runtime-ports/runtime-ports';
import { declareProjectTools } from '~/.server/tools/declare-project-tools.server';
import * as toolsRoute from './api.v1.projects.$projectId.tools';
import * as toolRoute from './api.v1.projects.$projectId.tools.$toolId';
import * as testRoute from './api.v1.projects.$projectId.tools.$toolId.[test]';
import * as settingsRoute from './api.v1.projects.$projectId.tool-settings';

const SECRET = 'sk-live-0123456789abcdef';
let projectId: string;
let otherProjectId: string;
let admin: Record<string, string>;
let builder: Record<string, string>;
let operator: Record<string, string>;
let outsider: Record<string, string>;
let crm: LocalHttpServer;
let toolId: string;

async function call(
  mod: RouteModule,
  method: string,
  headers: Record<string, string>,
  params: Record<string, string> = {},
  body?: unknown,
) {
  return callRouteJson(mod, {
    method,
    path: '/api/v1/x',
    params: { projectId, ...params },
    headers,
    body,
  });
}

beforeAll(async () => {
  projectId = (await createProject(db(), 'Tools API')).id;
  otherProjectId = (await createProject(db(), 'Other tools')).id;
  const [a, b, o, x] = await Promise.all([
    createUser(db()),
    createUser(db()),
    createUser(db()),
    createUser(db()),
  ]);
  await addMember(db(), projectId, a.id, 'admin');
  await addMember(db(), projectId, b.id, 'builder');
  await addMember(db(), projectId, o.id, 'operator');
  await addMember(db(), otherProjectId, x.id, 'owner');
  admin = await bearerFor(a.id);
  builder = await bearerFor(b.id);
  operator = await bearerFor(o.id);
  outsider = await bearerFor(x.id);
  // The CRM answers only with the right bearer token.
  crm = await startLocalHttpServer((req, res) => {
    // A careless API that repeats the credential in its error answer.
    if (req.url.startsWith('/leaky')) {
      res
        .writeHead(422, { 'content-type': 'text/plain' })
        .end(`token ${req.headers.authorization} lacks scope`);
      return;
    }
    if (req.headers.authorization !== `Bearer ${SECRET}`) {
      res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"unauthorized"}');
      return;
    }
    const id = /\/orders\/([^/?]+)/.exec(req.url)?.[1] ?? '';
    res
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ order: { id, status: 'shipped', eta: '2026-12-09' } }));
  });
});
afterAll(async () => {
  await crm.close();
  await closeQueues();
  await authContext().redis.quit();
  await disconnectDb();
});

const orderTool = () => ({
  name: 'get_order',
  description: 'Look up an order by its number',
  method: 'GET',
  url: `${crm.url}/orders/{{args.orderId}}`,
  parameters: {
    type: 'object',
    properties: { orderId: { type: 'string', description: 'Order number' } },
    required: ['orderId'],
  },
  responseMapping: { order_status: 'order.status' },
  timeoutMs: 3000,
  retries: 1,
  auth: { kind: 'bearer', secret: SECRET },
});

describe('project tools API', () => {
  it('creates a tool with its secret sealed, never answered back', async () => {
    const created = await call(toolsRoute, 'POST', builder, {}, orderTool());
    expect(created.status).toBe(201);
    expect(created.text).not.toContain(SECRET);
    expect(created.json.auth).toEqual({ kind: 'bearer', header: null, secretSet: true });
    toolId = created.json.id;
    const credential = await db().credential.findFirst({ where: { projectId, name: `tool:${toolId}` } });
    expect(credential).not.toBeNull();
    expect(Buffer.from(credential!.ciphertext).toString('utf8')).not.toContain(SECRET);

    const list = await call(toolsRoute, 'GET', operator);
    expect(list.status).toBe(200);
    expect(list.text).not.toContain(SECRET);
    expect(list.json.tools.map((t: { name: string }) => t.name)).toEqual(['get_order']);
    expect(list.json.builtins.map((t: { name: string }) => t.name)).toEqual([
      'current_datetime',
      'end_call',
      'transfer',
    ]);
    expect((await call(toolsRoute, 'POST', builder, {}, orderTool())).json.error.code).toBe('name_taken');
  });

  it('refuses what a role lacks and what another project owns', async () => {
    expect((await call(toolsRoute, 'POST', operator, {}, { ...orderTool(), name: 'x' })).status).toBe(403);
    expect((await call(toolRoute, 'DELETE', operator, { toolId })).status).toBe(403);
    expect(
      (await call(settingsRoute, 'PUT', builder, {}, { allowHosts: ['127.0.0.1'], timeZone: 'UTC' })).status,
    ).toBe(403);
    // The owner of another project sees nothing of this one, and this tool is not found under theirs.
    expect((await call(toolsRoute, 'GET', outsider)).status).toBe(404);
    const foreign = await callRouteJson(toolRoute, {
      method: 'GET',
      path: '/api/v1/x',
      params: { projectId: otherProjectId, toolId },
      headers: outsider,
    });
    expect(foreign.status).toBe(404);
    expect(foreign.json.error.code).toBe('tool_not_found');
  });

  it('validates the fields and names the one at fault', async () => {
    const bad = await call(
      toolsRoute,
      'POST',
      builder,
      {},
      { ...orderTool(), name: '1 bad', url: 'ftp://x' },
    );
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.json.error.fields)).toEqual(expect.arrayContaining(['name', 'url']));
    const noSecret = await call(
      toolsRoute,
      'POST',
      builder,
      {},
      { ...orderTool(), name: 'n', auth: { kind: 'bearer' } },
    );
    expect(noSecret.json.error.fields['auth.secret']).toBeDefined();
  });

  it('tests a tool: blocked on loopback until the project allows the host, then request and answer', async () => {
    const blocked = await call(testRoute, 'POST', builder, { toolId }, { args: { orderId: 'A-42' } });
    expect(blocked.status).toBe(200);
    expect(blocked.json.ok).toBe(false);
    expect(blocked.json.error).toMatch(/blocked/);
    expect(crm.requests).toHaveLength(0);

    const settings = await call(
      settingsRoute,
      'PUT',
      admin,
      {},
      { allowHosts: ['127.0.0.1'], timeZone: 'Europe/Moscow' },
    );
    expect(settings.json).toEqual({ allowHosts: ['127.0.0.1'], timeZone: 'Europe/Moscow' });

    const tested = await call(testRoute, 'POST', builder, { toolId }, { args: { orderId: 'A-42' } });
    expect(tested.json.ok).toBe(true);
    expect(tested.json.status).toBe(200);
    expect(tested.json.request.url).toBe(`${crm.url}/orders/A-42`);
    expect(tested.json.request.headers.authorization).toBe('Bearer ••••••••');
    expect(tested.text).not.toContain(SECRET);
    expect(tested.json.response).toEqual({ order: { id: 'A-42', status: 'shipped', eta: '2026-12-09' } });
    expect(tested.json.result).toEqual({ order_status: 'shipped' });
    expect(crm.requests.at(-1)?.headers.authorization).toBe(`Bearer ${SECRET}`);

    const wrongArgs = await call(testRoute, 'POST', builder, { toolId }, { args: { orderId: 42 } });
    expect(wrongArgs.status).toBe(400);
  });

  it('shows the body of an HTTP error answer, truncated, with the secret masked', async () => {
    const wrongKey = await call(
      toolsRoute,
      'POST',
      builder,
      {},
      { ...orderTool(), name: 'wrong_key', auth: { kind: 'bearer', secret: 'not-the-key' } },
    );
    const refused = await call(
      testRoute,
      'POST',
      builder,
      { toolId: wrongKey.json.id },
      { args: { orderId: 'A-1' } },
    );
    expect(refused.json).toMatchObject({ ok: false, status: 401, error: 'HTTP 401' });
    expect(refused.json.response).toBe('{"error":"unauthorized"}');

    const leaky = await call(
      toolsRoute,
      'POST',
      builder,
      {},
      { ...orderTool(), name: 'leaky', url: `${crm.url}/leaky/{{args.orderId}}` },
    );
    const echoed = await call(
      testRoute,
      'POST',
      builder,
      { toolId: leaky.json.id },
      { args: { orderId: 'A-1' } },
    );
    expect(echoed.json).toMatchObject({ ok: false, status: 422 });
    expect(echoed.json.response).toBe('token Bearer •••••••• lacks scope');
    expect(echoed.text).not.toContain(SECRET);
  });

  it('replaces the secret on update and removes tool and secret on delete', async () => {
    const patched = await call(toolRoute, 'PATCH', builder, { toolId }, { description: 'Order lookup' });
    expect(patched.json.description).toBe('Order lookup');
    expect(patched.json.auth.secretSet).toBe(true);
    const scratch = await call(toolsRoute, 'POST', builder, {}, { ...orderTool(), name: 'scratch' });
    const removed = await call(toolRoute, 'DELETE', builder, { toolId: scratch.json.id });
    expect(removed.status).toBe(204);
    expect(await db().credential.count({ where: { projectId, name: `tool:${scratch.json.id}` } })).toBe(0);
  });
});

describe('project tools in calls', () => {
  const logger = createLogger('tools-test', 'silent');
  const flowWith = (nodes: FlowInput['nodes'], edges: FlowInput['edges']): FlowInput => ({
    schemaVersion: 2,
    nodes,
    edges,
  });

  it('a Tool block runs the project tool with its credential and the project’s allowed hosts', async () => {
    const graph = flowWith(
      [
        { id: 'start', type: 'start', data: {} },
        {
          id: 'lookup',
          type: 'tool',
          data: { tool: 'get_order', args: { orderId: 'B-7' }, resultVariable: 'order' },
        },
        { id: 'ok', type: 'say', data: { text: 'Status {{order.order_status}}' } },
      ],
      [
        { id: 'e1', source: 'start', target: 'lookup' },
        { id: 'e2', source: 'lookup', sourceHandle: 'success', target: 'ok' },
      ],
    );
    const parsed = parseFlow(await declareProjectTools(projectId, graph));
    if (!parsed.success) throw new Error('flow did not parse');
    expect(parsed.flow.tools.find((t) => t.name === 'get_order')?.kind).toBe('project');
    const result = await runTurn(
      parsed.flow,
      initialState(parsed.flow),
      { type: 'call_started', caller: {}, direction: 'inbound' },
      createRuntimePorts(parsed.flow, projectId, { logger }),
    );
    expect(result.trace.toolCalls[0]).toMatchObject({
      name: 'get_order',
      ok: true,
      result: { order_status: 'shipped' },
    });
    expect(result.commands.find((c) => c.type === 'say')).toMatchObject({ text: 'Status shipped' });

    // The same flow under another project reaches neither this project's tool nor its secret.
    const elsewhere = await runTurn(
      parsed.flow,
      initialState(parsed.flow),
      { type: 'call_started', caller: {}, direction: 'inbound' },
      createRuntimePorts(parsed.flow, otherProjectId, { logger }),
    );
    expect(elsewhere.trace.toolCalls[0]?.ok).toBe(false);
  });

  it('an Agent block offers the tool to an OpenAI-compatible LLM and answers from its result', async () => {
    const llmServer = await startLocalHttpServer();
    const bodies: {
      messages: { role: string; content: unknown }[];
      tools?: { function: { name: string } }[];
    }[] = [];
    llmServer.setHandler(async (req, res) => {
      const body = JSON.parse(req.body.toString('utf8')) as (typeof bodies)[number];
      bodies.push(body);
      const last = body.messages.at(-1);
      if (last?.role === 'tool') {
        await writeSse(res, [
          chunk({
            role: 'assistant',
            content: `Your order is ${JSON.parse(String(last.content)).result.order_status}.`,
          }),
          usageChunk(40, 6),
        ]);
      } else {
        await writeSse(res, [
          chunk({
            role: 'assistant',
            content: null,
            tool_calls: [
              {
                index: 0,
                id: 'call_1',
                type: 'function',
                function: { name: 'get_order', arguments: '{"orderId":"C-9"}' },
              },
            ],
          }),
          { ...chunk({}), choices: [{ index: 0, delta: {}, finish_reason: 'tool_calls' }] },
          usageChunk(30, 8),
        ]);
      }
    });
    try {
      const llm = createOpenAiCompatibleLlm({
        kind: 'openai-compatible',
        baseUrl: `${llmServer.url}/v1`,
        apiKey: 'k',
        model: 'm',
      });
      const graph = flowWith(
        [
          { id: 'start', type: 'start', data: {} },
          {
            id: 'agent',
            type: 'agent',
            data: { goal: 'Help with orders', tools: ['get_order', 'current_datetime'] },
          },
        ],
        [{ id: 'e1', source: 'start', target: 'agent' }],
      );
      const parsed = parseFlow(await declareProjectTools(projectId, graph));
      if (!parsed.success) throw new Error('flow did not parse');
      const ports = createRuntimePorts(parsed.flow, projectId, { logger, llm });
      const started = await runTurn(
        parsed.flow,
        initialState(parsed.flow),
        { type: 'call_started', caller: {}, direction: 'inbound' },
        ports,
      );
      const answered = await runTurn(
        parsed.flow,
        started.state,
        { type: 'utterance', text: 'Where is order C-9?', confidence: 1 },
        ports,
      );
      expect(bodies[0]?.tools?.map((t) => t.function.name)).toEqual(
        expect.arrayContaining(['get_order', 'current_datetime']),
      );
      expect(answered.trace.toolCalls[0]).toMatchObject({
        name: 'get_order',
        args: { orderId: 'C-9' },
        ok: true,
      });
      expect(answered.commands.find((c) => c.type === 'say')).toMatchObject({
        text: 'Your order is shipped.',
      });
      expect(crm.requests.at(-1)?.url).toBe('/orders/C-9');
    } finally {
      await llmServer.close();
    }
  });

  it('the built-in clock answers in the project’s zone', async () => {
    const graph = flowWith(
      [
        { id: 'start', type: 'start', data: {} },
        { id: 'clock', type: 'tool', data: { tool: 'current_datetime', resultVariable: 'now' } },
      ],
      [{ id: 'e1', source: 'start', target: 'clock' }],
    );
    const parsed = parseFlow(await declareProjectTools(projectId, graph));
    if (!parsed.success) throw new Error('flow did not parse');
    const result = await runTurn(
      parsed.flow,
      initialState(parsed.flow),
      { type: 'call_started', caller: {}, direction: 'inbound' },
      createRuntimePorts(parsed.flow, projectId, { logger }),
    );
    expect(result.trace.toolCalls[0]).toMatchObject({ ok: true, result: { timeZone: 'Europe/Moscow' } });
  });
});
