import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProviderError } from '../provider-error';
import { sendJson, startLocalHttpServer, type LocalHttpServer } from '../test-support/local-http-server';
import { chunk, usageChunk, writeSse } from '../test-support/openai-sse';
import { createOpenAiCompatibleLlm } from './openai-compatible-llm';

let server: LocalHttpServer;
beforeAll(async () => {
  server = await startLocalHttpServer();
});
afterAll(() => server.close());

const messages = [
  { role: 'system' as const, content: 'You are a receptionist.' },
  { role: 'user' as const, content: 'Book me for tomorrow' },
];

function llm(overrides: Record<string, unknown> = {}) {
  return createOpenAiCompatibleLlm({
    kind: 'openai',
    baseUrl: `${server.url}/v1`,
    apiKey: 'sk-test',
    model: 'gpt-4o-mini',
    timeoutMs: 2_000,
    ...overrides,
  } as Parameters<typeof createOpenAiCompatibleLlm>[0]);
}

async function expectProviderError(promise: Promise<unknown>): Promise<ProviderError> {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ProviderError);
  return error as ProviderError;
}

describe('createOpenAiCompatibleLlm against a local OpenAI-protocol server', () => {
  it('streams text deltas, reports usage and first-token latency, and sends the documented request', async () => {
    server.setHandler((_req, res) =>
      writeSse(
        res,
        [
          chunk({ role: 'assistant', content: '' }),
          chunk({ content: 'Hello' }),
          chunk({ content: ', there.' }),
          usageChunk(21, 3),
        ],
        5,
      ),
    );
    const deltas: string[] = [];
    const result = await llm().complete({
      messages,
      temperature: 0.2,
      maxTokens: 100,
      signal: new AbortController().signal,
      onTextDelta: (d) => deltas.push(d),
    });
    expect(result.text).toBe('Hello, there.');
    expect(deltas).toEqual(['Hello', ', there.']);
    expect(result.toolCalls).toEqual([]);
    expect(result.usage).toEqual({ model: 'gpt-4o-mini-2024-07-18', promptTokens: 21, completionTokens: 3 });
    expect(result.firstTokenMs).toBeGreaterThanOrEqual(0);

    const req = server.requests.at(-1)!;
    expect(req.method).toBe('POST');
    expect(req.url).toBe('/v1/chat/completions');
    expect(req.headers.authorization).toBe('Bearer sk-test');
    const body = JSON.parse(req.body.toString()) as Record<string, unknown>;
    expect(body).toMatchObject({
      model: 'gpt-4o-mini',
      stream: true,
      stream_options: { include_usage: true },
      temperature: 0.2,
      max_completion_tokens: 100,
      messages: [
        { role: 'system', content: 'You are a receptionist.' },
        { role: 'user', content: 'Book me for tomorrow' },
      ],
    });
  });

  it('assembles tool calls whose id, name and arguments arrive split across chunks, two in parallel', async () => {
    server.setHandler((_req, res) =>
      writeSse(res, [
        chunk({
          role: 'assistant',
          content: null,
          tool_calls: [
            { index: 0, id: 'call_a', type: 'function', function: { name: 'book_slot', arguments: '' } },
          ],
        }),
        chunk({ tool_calls: [{ index: 0, function: { arguments: '{"date":"2025-' } }] }),
        chunk({
          tool_calls: [
            { index: 1, id: 'call_b', type: 'function', function: { name: 'get_', arguments: '{"q"' } },
          ],
        }),
        chunk({ tool_calls: [{ index: 1, function: { name: 'weather', arguments: ':"Moscow"}' } }] }),
        chunk({ tool_calls: [{ index: 0, function: { arguments: '06-01"}' } }] }),
        { ...chunk({}), choices: [{ index: 0, delta: {}, finish_reason: 'tool_calls' }] },
        usageChunk(50, 20),
      ]),
    );
    const result = await llm({ model: 'default-model' }).complete({
      model: 'gpt-4.1',
      messages: [
        ...messages,
        { role: 'assistant', content: '', toolCalls: [{ id: 'call_0', name: 'lookup', arguments: '{}' }] },
        { role: 'tool', content: '{"ok":true}', toolCallId: 'call_0' },
      ],
      functions: [
        {
          name: 'book_slot',
          description: 'Book',
          parameters: { type: 'object', properties: { date: { type: 'string' } } },
        },
      ],
      signal: new AbortController().signal,
    });
    expect(result.text).toBe('');
    expect(result.toolCalls).toEqual([
      { id: 'call_a', name: 'book_slot', arguments: '{"date":"2025-06-01"}' },
      { id: 'call_b', name: 'get_weather', arguments: '{"q":"Moscow"}' },
    ]);
    expect(result.usage.promptTokens).toBe(50);
    const body = JSON.parse(server.requests.at(-1)!.body.toString()) as {
      model: string;
      tools: unknown[];
      messages: unknown[];
    };
    expect(body.model).toBe('gpt-4.1');
    expect(body.tools).toEqual([
      {
        type: 'function',
        function: {
          name: 'book_slot',
          description: 'Book',
          parameters: { type: 'object', properties: { date: { type: 'string' } } },
        },
      },
    ]);
    expect(body.messages.slice(2)).toEqual([
      {
        role: 'assistant',
        content: null,
        tool_calls: [{ id: 'call_0', type: 'function', function: { name: 'lookup', arguments: '{}' } }],
      },
      { role: 'tool', content: '{"ok":true}', tool_call_id: 'call_0' },
    ]);
  });

  it('maps 401 to a non-retryable auth error', async () => {
    server.setHandler((_req, res) =>
      sendJson(res, 401, {
        error: {
          message: 'Incorrect API key provided',
          type: 'invalid_request_error',
          code: 'invalid_api_key',
        },
      }),
    );
    const error = await expectProviderError(
      llm().complete({ messages, signal: new AbortController().signal }),
    );
    expect(error).toMatchObject({ provider: 'openai', code: 'auth', retryable: false, status: 401 });
  });

  it('maps 429 to a retryable rate_limited error', async () => {
    server.setHandler((_req, res) =>
      sendJson(res, 429, { error: { message: 'Rate limit reached', type: 'requests' } }),
    );
    const error = await expectProviderError(
      llm().complete({ messages, signal: new AbortController().signal }),
    );
    expect(error).toMatchObject({ code: 'rate_limited', retryable: true, status: 429 });
  });

  it('maps 503 to unavailable', async () => {
    server.setHandler((_req, res) => sendJson(res, 503, { error: { message: 'overloaded' } }));
    const error = await expectProviderError(
      llm().complete({ messages, signal: new AbortController().signal }),
    );
    expect(error).toMatchObject({ code: 'unavailable', retryable: true });
  });

  it('times out a server that stalls mid-stream', async () => {
    server.setHandler(async (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(`data: ${JSON.stringify(chunk({ content: 'Hel' }))}\n\n`);
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      res.end();
    });
    const started = Date.now();
    const error = await expectProviderError(
      llm({ timeoutMs: 300 }).complete({ messages, signal: new AbortController().signal }),
    );
    expect(error).toMatchObject({ code: 'timeout', retryable: true });
    // Well before the server would have ended the stream on its own (slack for a loaded machine).
    expect(Date.now() - started).toBeLessThan(2_500);
  });

  it('stops when the caller aborts', async () => {
    server.setHandler(async (_req, res) => {
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      sendJson(res, 200, {});
    });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const error = await expectProviderError(llm().complete({ messages, signal: controller.signal }));
    expect(error).toMatchObject({ code: 'aborted', retryable: false });
  });

  it('rejects malformed chunks as bad_response', async () => {
    server.setHandler((_req, res) => writeSse(res, [{ choices: [{ delta: { content: 42 } }] }]));
    const error = await expectProviderError(
      llm().complete({ messages, signal: new AbortController().signal }),
    );
    expect(error.code).toBe('bad_response');
  });

  it('talks to Azure OpenAI at the deployment URL with api-version and the api-key header', async () => {
    server.setHandler((_req, res) => writeSse(res, [chunk({ content: 'ok' }), usageChunk(1, 1)]));
    const result = await llm({
      kind: 'azure-openai',
      baseUrl: `${server.url}/openai/deployments/gpt4o-prod`,
      apiKey: 'azure-key',
      apiVersion: '2024-10-21',
    }).complete({ messages, maxTokens: 5, signal: new AbortController().signal });
    expect(result.text).toBe('ok');
    const req = server.requests.at(-1)!;
    expect(req.url).toBe('/openai/deployments/gpt4o-prod/chat/completions?api-version=2024-10-21');
    expect(req.headers['api-key']).toBe('azure-key');
  });

  it('addresses YandexGPT models by folder and sends the folder as the project', async () => {
    server.setHandler((_req, res) => writeSse(res, [chunk({ content: 'Привет' }), usageChunk(3, 1)]));
    await llm({
      kind: 'yandexgpt',
      baseUrl: `${server.url}/v1`,
      model: 'yandexgpt/latest',
      folderId: 'b1gfolder',
      maxTokens: 5,
    }).complete({
      messages,
      maxTokens: 7,
      signal: new AbortController().signal,
    });
    const req = server.requests.at(-1)!;
    const body = JSON.parse(req.body.toString()) as Record<string, unknown>;
    expect(body.model).toBe('gpt://b1gfolder/yandexgpt/latest');
    expect(body.max_tokens).toBe(7);
    expect(req.headers['openai-project']).toBe('b1gfolder');
  });

  it('rejects invalid configuration at construction', () => {
    expect(() => llm({ kind: 'azure-openai' })).toThrow(/api-version/);
    expect(() => llm({ baseUrl: 'ftp://x' })).toThrow();
  });
});
