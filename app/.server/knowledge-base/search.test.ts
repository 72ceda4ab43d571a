import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createKnowledgeBase,
  createKnowledgeSource,
  createProject,
} from '../../../tests/support/factories.ts';
import { db, disconnectDb } from '../db.ts';
import type { Chunk } from './ingest/chunk/chunk.ts';
import { replaceSourceChunks, sourceChunks } from './chunk-store.server.ts';
import { searchChunks } from './search.server.ts';

let projectId: string;
let otherProjectId: string;
let kbId: string;

function chunk(index: number, text: string, language: 'ru' | 'en', heading: string[] = []): Chunk {
  return {
    index,
    hash: `${index}-${text.length}-${text.slice(0, 8)}`,
    text,
    headingPath: heading,
    searchText: [...heading, text].join('\n'),
    language,
    textSearchConfig: language === 'ru' ? 'russian' : 'english',
    charCount: text.length,
    tokenEstimate: Math.ceil(text.length / 4),
    blockKinds: ['paragraph'],
  };
}

async function source(project: string, kb: string, name: string) {
  return createKnowledgeSource(db(), { id: kb, projectId: project }, { kind: 'qa', name });
}

beforeAll(async () => {
  projectId = (await createProject(db(), 'KB search')).id;
  otherProjectId = (await createProject(db(), 'KB other')).id;
  kbId = (await createKnowledgeBase(db(), projectId, 'Clinic')).id;
  const prices = await source(projectId, kbId, 'Прайс-лист');
  await replaceSourceChunks(prices, [
    chunk(0, 'Лечение кариеса стоит от 3500 рублей, пломба включена.', 'ru', ['Цены', 'Терапия']),
    chunk(1, 'Профессиональная чистка зубов — 4200 рублей.', 'ru', ['Цены', 'Гигиена']),
    chunk(2, 'Мы работаем ежедневно с 9:00 до 21:00, без выходных.', 'ru', ['Часы работы']),
    chunk(5, 'Бесплатная парковка для пациентов во дворе.', 'ru', ['Как добраться']),
    chunk(3, 'Delivery takes two to four business days within the city.', 'en', ['Delivery']),
    chunk(4, 'Returns are accepted within 14 days with the receipt.', 'en', ['Returns']),
  ]);
  const otherKb = (await createKnowledgeBase(db(), otherProjectId, 'Secret')).id;
  const secret = await source(otherProjectId, otherKb, 'Secret');
  await replaceSourceChunks(secret, [chunk(0, 'Лечение кариеса у нас бесплатно, секретная акция.', 'ru')]);
});
afterAll(disconnectDb);

describe('knowledge search', () => {
  it('understands Russian morphology (лечить кариес → лечение кариеса)', async () => {
    const hits = await searchChunks(projectId, 'сколько стоит лечить кариес');
    expect(hits[0]?.text).toContain('кариеса');
    expect(hits[0]?.headingPath).toEqual(['Цены', 'Терапия']);
    expect(hits[0]?.ranks.fullText).toBe(1);
  });

  it('matches a verb to its noun through stem prefixes (парковаться → парковка)', async () => {
    expect((await searchChunks(projectId, 'где можно парковаться'))[0]?.text).toContain('парковка');
  });

  it('finds English with stemming, and typos through trigrams', async () => {
    expect((await searchChunks(projectId, 'how long does delivering take'))[0]?.text).toContain('Delivery');
    expect((await searchChunks(projectId, 'чиска зубов'))[0]?.text).toContain('чистка');
  });

  it('gives each hit a 0..1 relevance: the share of the question’s words the passage holds', async () => {
    const [good] = await searchChunks(projectId, 'сколько стоит лечение кариеса');
    expect(good?.relevance).toBeGreaterThanOrEqual(0.6);
    expect(good?.relevance).toBeLessThanOrEqual(1);
    // One word of four in common: still found, but an Agent node's 0.3 bar tells it apart.
    const [weak] = await searchChunks(projectId, 'марсоход луноход звездолёт парковка');
    expect(weak?.text).toContain('парковка');
    expect(weak?.relevance).toBeLessThan(0.3);
  });

  it('never returns another project’s chunks, and filters by knowledge base', async () => {
    const hits = await searchChunks(projectId, 'кариес бесплатно акция', {}, 10);
    expect(hits.every((h) => !h.text.includes('секретная'))).toBe(true);
    expect(await searchChunks(projectId, 'кариес', { knowledgeBaseIds: [crypto.randomUUID()] })).toEqual([]);
  });

  it('re-indexing is atomic: search sees all old chunks or all new ones, never a mix', async () => {
    const s = await source(projectId, kbId, 'Big');
    const old = Array.from({ length: 300 }, (_, i) => chunk(i, `альфа запись номер ${i}`, 'ru'));
    const fresh = Array.from({ length: 300 }, (_, i) => chunk(i, `бета запись номер ${i}`, 'ru'));
    const first = await replaceSourceChunks(s, old);
    let done = false;
    const seen = new Set<string>();
    const watcher = (async () => {
      while (!done) {
        const visible = await sourceChunks(projectId, s.id, 1000);
        const kinds = new Set(visible.map((c) => c.text.split(' ')[0]));
        expect(visible).toHaveLength(300);
        expect(kinds.size).toBe(1);
        seen.add([...kinds][0]!);
      }
    })();
    await replaceSourceChunks({ ...s, generation: first.generation }, fresh);
    done = true;
    await watcher;
    expect(seen.has('альфа')).toBe(true);
    expect((await sourceChunks(projectId, s.id, 1000))[0]?.text).toContain('бета');
  });

  it('deleting a source removes its chunks', async () => {
    const s = await source(projectId, kbId, 'Temporary');
    await replaceSourceChunks(s, [chunk(0, 'временная запись гамма', 'ru')]);
    expect(await searchChunks(projectId, 'гамма')).toHaveLength(1);
    await db().knowledgeSource.delete({ where: { id: s.id } });
    expect(await searchChunks(projectId, 'гамма')).toHaveLength(0);
    const rows = await db().$queryRaw<{ count: number }[]>`
      SELECT count(*)::int AS count FROM kb.chunks WHERE source_id = ${s.id}::uuid`;
    expect(rows[0]?.count).toBe(0);
  });
});
