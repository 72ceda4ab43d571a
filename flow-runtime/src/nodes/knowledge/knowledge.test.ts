import { describe, expect, it } from 'vitest';
import type { KnowledgeChunk } from '../../ports';
import { buildFlow, runEvents, said, started } from '../../testing/build-flow';
import type { FakePortsOptions } from '../../testing/fake-ports';

const chunk = (text: string, score: number): KnowledgeChunk => ({
  id: text,
  text,
  score,
  source: { id: 's', title: 'FAQ' },
});

const flow = buildFlow(
  [
    ['start', 'start'],
    ['ask', 'ask', { prompt: 'Какой у вас вопрос?', variable: 'question' }],
    ['kb', 'knowledge', { knowledgeBaseIds: ['faq'], minScore: 0.5 }],
    ['answer', 'end', { message: '{{knowledge_text}}', disposition: 'answered' }],
    ['none', 'end', { disposition: 'not_found' }],
  ],
  [
    ['start', 'next', 'ask'],
    ['ask', 'next', 'kb'],
    ['kb', 'found', 'answer'],
    ['kb', 'not_found', 'none'],
  ],
  { knowledgeBases: [{ id: 'faq', name: 'FAQ' }], settings: { providerTimeoutMs: 30 } },
);

async function ask(options: FakePortsOptions) {
  const ports = { ...options };
  const results = await runEvents(flow, [started, said('до скольки вы работаете')], ports);
  const turn = results[1];
  if (!turn) throw new Error('no turn');
  return turn;
}

describe('knowledge node', () => {
  it('stores chunks above the minimum score and goes to found', async () => {
    const turn = await ask({
      knowledge: [chunk('Мы работаем с 9 до 21.', 0.9), chunk('Парковка бесплатная.', 0.2)],
    });
    expect(turn.commands[0]).toMatchObject({ type: 'say', text: 'Мы работаем с 9 до 21.' });
    expect(turn.state.variables.knowledge).toEqual([
      { text: 'Мы работаем с 9 до 21.', score: 0.9, title: 'FAQ' },
    ]);
    expect(turn.trace.knowledgeQueries[0]).toMatchObject({
      nodeId: 'kb',
      query: 'до скольки вы работаете',
      results: 2,
      ok: true,
    });
  });

  it('goes to not_found when nothing is relevant, the search fails, or it times out', async () => {
    for (const knowledge of [[chunk('Парковка бесплатная.', 0.2)], 'fail', 'hang'] as const) {
      const turn = await ask({ knowledge: knowledge as FakePortsOptions['knowledge'] });
      expect(turn.commands, String(knowledge)).toEqual([{ type: 'hangup', disposition: 'not_found' }]);
    }
  });
});
