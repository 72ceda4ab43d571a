import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendJson, startLocalHttpServer, type LocalHttpServer } from '../test-support/local-http-server';
import { createOpenAiEmbeddings } from './openai-embeddings';

// Plays the OpenAI embeddings API (POST /v1/embeddings) on loopback: a deterministic 3-d vector per text.
let server: LocalHttpServer;
const vectorOf = (text: string) => [text.length, 1, text.includes('кариес') ? 5 : 0];

beforeAll(async () => {
  server = await startLocalHttpServer((req, res) => {
    if (req.method !== 'POST' || req.url !== '/v1/embeddings') return sendJson(res, 404, { error: 'no' });
    if (req.headers.authorization !== 'Bearer sk-test') {
      return sendJson(res, 401, { error: { message: 'Incorrect API key', type: 'invalid_request_error' } });
    }
    const body = JSON.parse(req.body.toString()) as { input: string[]; model: string };
    // Answer out of order: the client must sort by index.
    const data = body.input
      .map((text, index) => ({ object: 'embedding', index, embedding: vectorOf(text) }))
      .reverse();
    sendJson(res, 200, {
      object: 'list',
      data,
      model: body.model,
      usage: { prompt_tokens: 3, total_tokens: 3 },
    });
  });
});
afterAll(() => server.close());

describe('OpenAI-compatible embeddings client', () => {
  it('embeds in batches, in order, as unit vectors, asking for floats', async () => {
    server.requests.length = 0;
    const client = createOpenAiEmbeddings({
      baseUrl: `${server.url}/v1`,
      apiKey: 'sk-test',
      model: 'text-embedding-3-small',
      dimensions: 256,
      batchSize: 2,
    });
    const vectors = await client.embed(['лечение кариеса', 'парковка', 'часы работы']);
    expect(server.requests).toHaveLength(2);
    const first = JSON.parse(server.requests[0]!.body.toString()) as Record<string, unknown>;
    expect(first).toMatchObject({
      model: 'text-embedding-3-small',
      input: ['лечение кариеса', 'парковка'],
      encoding_format: 'float',
      dimensions: 256,
    });
    expect(vectors).toHaveLength(3);
    for (const v of vectors) expect(Math.hypot(...v)).toBeCloseTo(1, 6);
    const raw = vectorOf('парковка');
    expect(vectors[1]![0]).toBeCloseTo(raw[0]! / Math.hypot(...raw), 6);
  });

  it('maps a refused key to an auth error that is not retried', async () => {
    const client = createOpenAiEmbeddings({ baseUrl: `${server.url}/v1`, apiKey: 'wrong', model: 'm' });
    await expect(client.embed(['x'])).rejects.toMatchObject({ code: 'auth', retryable: false });
  });

  it('refuses an answer with the wrong number of vectors', async () => {
    const odd = await startLocalHttpServer((_req, res) =>
      sendJson(res, 200, { object: 'list', data: [{ index: 0, embedding: [1, 0] }] }),
    );
    try {
      const client = createOpenAiEmbeddings({ baseUrl: `${odd.url}/v1`, apiKey: 'k', model: 'm' });
      await expect(client.embed(['a', 'b'])).rejects.toMatchObject({ code: 'bad_response' });
    } finally {
      await odd.close();
    }
  });

  it('times out by its own deadline', async () => {
    const slow = await startLocalHttpServer(() => new Promise(() => {}));
    try {
      const client = createOpenAiEmbeddings({
        baseUrl: `${slow.url}/v1`,
        apiKey: 'k',
        model: 'm',
        timeoutMs: 200,
      });
      await expect(client.embed(['a'])).rejects.toMatchObject({ code: 'timeout' });
    } finally {
      await slow.close();
    }
  });
});
