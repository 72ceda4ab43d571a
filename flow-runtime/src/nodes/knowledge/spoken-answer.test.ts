import { describe, expect, it } from 'vitest';
import { buildFlow, runEvents, said, started } from '../../testing/build-flow';
import type { KnowledgeChunk } from '../../ports';
import { spokenAnswer } from './spoken-answer';

// Chunks as the indexer writes them: several Q&A entries to a chunk, the heading breadcrumb in front.
const delivery: KnowledgeChunk = {
  id: 'c1',
  heading: 'FAQ › Delivery',
  text: 'FAQ › Delivery\nQ: How long does delivery take?\nA: Delivery takes two to three days. Couriers call an hour before.\nQ: How much does delivery cost?\nA: Delivery is free for orders over 3000 roubles. Otherwise it costs 300 roubles.',
  score: 0.8,
  source: { id: 's1', title: 'FAQ' },
};
const returns: KnowledgeChunk = {
  id: 'c2',
  heading: 'Вопросы › Возврат',
  text: 'Вопросы › Возврат\nВопрос: Как вернуть товар?\nОтвет: Верните товар в течение 14 дней в любой пункт выдачи.\nВопрос: Когда вернут деньги?\nОтвет: Деньги возвращаются на карту за 3–5 рабочих дней.',
  score: 0.7,
  source: { id: 's2', title: 'Вопросы' },
};

describe('spoken answers from knowledge', () => {
  it('speak the answer of the entry whose distinctive words match, never a question or the heading', () => {
    const cost = spokenAnswer([delivery], 'how much is delivery');
    expect(cost?.text).toBe('Delivery is free for orders over 3000 roubles. Otherwise it costs 300 roubles.');
    const time = spokenAnswer([delivery], 'how long will it take to arrive');
    expect(time?.text).toBe('Delivery takes two to three days. Couriers call an hour before.');
    const money = spokenAnswer([returns], 'когда мне вернут деньги');
    expect(money?.text).toBe('Деньги возвращаются на карту за 3–5 рабочих дней.');
    for (const answer of [cost, time, money]) {
      expect(answer?.text).not.toMatch(/Q:|A:|Вопрос|Ответ|›|FAQ/);
    }
  });

  it('read prose without the breadcrumb', () => {
    const hours: KnowledgeChunk = {
      id: 'c3',
      heading: 'About › Opening hours',
      text: 'About › Opening hours\nWe are open from 9 am to 8 pm on weekdays.\nOn Saturdays we close at 5 pm.',
      score: 0.6,
      source: { id: 's3', title: 'About' },
    };
    expect(spokenAnswer([hours], 'when are you open on saturday')?.text).toBe(
      'On Saturdays we close at 5 pm.',
    );
  });
});

const support = () =>
  buildFlow(
    [
      ['start', 'start'],
      ['ask', 'ask', { prompt: 'What are you calling about?', slotType: 'free_text', variable: 'topic' }],
      [
        'agent',
        'agent',
        {
          goal: 'Answer questions',
          firstMessage: 'Could you tell me more about what you need?',
          knowledgeBaseIds: ['kb'],
          exits: [{ id: 'done', condition: 'no more questions', examples: ['thanks, that is all'] }],
        },
      ],
      ['human', 'transfer', { target: { kind: 'queue', value: 'support' } }],
      ['bye', 'end', {}],
    ],
    [
      ['start', 'next', 'ask'],
      ['ask', 'next', 'agent'],
      ['agent', 'done', 'bye'],
    ],
    { knowledgeBases: [{ id: 'kb', name: 'FAQ' }], settings: { language: 'en' } },
  );

describe('an agent answering from knowledge without an LLM', () => {
  it('answers the caller’s first question instead of asking again', async () => {
    const turns = await runEvents(support(), [started, said('how much is delivery')], {
      knowledge: [delivery],
    });
    const says = turns[1]?.commands.filter((c) => c.type === 'say').map((c) => c.text);
    expect(says).toEqual(['Delivery is free for orders over 3000 roubles. Otherwise it costs 300 roubles.']);
  });

  it('answers the first question from knowledge too when the configured model refuses', async () => {
    const turns = await runEvents(
      support(),
      [started, said('how much is delivery'), said('do you repair bicycles'), said('yes please')],
      { knowledge: [delivery], llm: 'fail' },
    );
    const says = turns[1]?.commands.filter((c) => c.type === 'say').map((c) => c.text);
    expect(says).toEqual(['Delivery is free for orders over 3000 roubles. Otherwise it costs 300 roubles.']);
    expect(turns[1]?.trace.llmCalls[0]).toMatchObject({ ok: false });
    expect(turns[2]?.commands.find((c) => c.type === 'say')).toMatchObject({
      text: expect.stringContaining("I don't know"),
    });
    expect(turns[3]?.commands.find((c) => c.type === 'transfer')).toMatchObject({
      target: { kind: 'queue', value: 'support' },
    });
  });

  it('says it does not know when nothing matches, offers a person, and a "yes" transfers', async () => {
    const turns = await runEvents(
      support(),
      [started, said('how much is delivery'), said('do you repair bicycles'), said('yes please')],
      { knowledge: [delivery] },
    );
    const offer = turns[2]?.commands.find((c) => c.type === 'say');
    expect(offer).toMatchObject({ text: expect.stringContaining("I don't know") });
    expect(offer).toMatchObject({ text: expect.stringContaining('person') });
    expect(turns[3]?.commands.find((c) => c.type === 'transfer')).toMatchObject({
      target: { kind: 'queue', value: 'support' },
    });
  });
});
