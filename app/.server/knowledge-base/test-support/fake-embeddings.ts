/**
 * A loopback server speaking the OpenAI embeddings API with toy "meaning": each vector counts words of a
 * few topics, so a question and a passage with no word in common (машину ↔ парковка) still come out close.
 */
import {
  sendJson,
  startLocalHttpServer,
  type LocalHttpServer,
} from '../../providers/test-support/local-http-server.ts';

const TOPICS = [
  ['парков', 'машин', 'автомоб', 'parking', 'car'],
  ['кариес', 'пломб', 'зуб', 'tooth', 'teeth', 'cavity'],
  ['доставк', 'курьер', 'привез', 'delivery', 'shipping', 'courier'],
  ['час', 'работа', 'открыт', 'hours', 'open'],
];

export function toyVector(text: string): number[] {
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  return [...TOPICS.map((stems) => words.filter((w) => stems.some((s) => w.startsWith(s))).length), 0.01];
}

export async function startFakeEmbeddings(apiKey = 'sk-test'): Promise<LocalHttpServer> {
  return startLocalHttpServer((req, res) => {
    if (req.headers.authorization !== `Bearer ${apiKey}`) {
      return sendJson(res, 401, {
        error: { message: 'Incorrect API key provided', type: 'invalid_request_error' },
      });
    }
    const body = JSON.parse(req.body.toString()) as { input: string[]; model: string };
    sendJson(res, 200, {
      object: 'list',
      data: body.input.map((t, index) => ({ object: 'embedding', index, embedding: toyVector(t) })),
      model: body.model,
      usage: { prompt_tokens: 1, total_tokens: 1 },
    });
  });
}
