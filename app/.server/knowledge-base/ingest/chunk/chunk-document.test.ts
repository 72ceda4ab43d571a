import { describe, expect, it } from 'vitest';
import type { DocumentBlock } from '../blocks';
import { chunkDocument } from './chunk-document';
import { dedupeChunks } from './dedupe-chunks';
import { diffChunks } from './diff-chunks';
import { detectChunkLanguage, textSearchConfigFor } from './language';

const p = (text: string): DocumentBlock => ({ kind: 'paragraph', text });
const h = (level: number, text: string): DocumentBlock => ({ kind: 'heading', level, text });

describe('chunkDocument', () => {
  it('carries the heading path into every chunk and starts a chunk at each heading', () => {
    const chunks = chunkDocument({
      title: 'Клиника «Улыбка»',
      blocks: [
        h(1, 'Прайс-лист'),
        h(2, 'Терапия'),
        p('Лечение кариеса от 4 000 ₽.'),
        h(2, 'Гигиена'),
        p('Профессиональная чистка 4 500 ₽.'),
        h(1, 'Contacts'),
        p('Call us at +7 495 000-00-00.'),
      ],
    });
    expect(chunks.map((c) => c.headingPath)).toEqual([
      ['Клиника «Улыбка»', 'Прайс-лист', 'Терапия'],
      ['Клиника «Улыбка»', 'Прайс-лист', 'Гигиена'],
      ['Клиника «Улыбка»', 'Contacts'],
    ]);
    expect(chunks[1]?.searchText).toBe(
      'Клиника «Улыбка» › Прайс-лист › Гигиена\nПрофессиональная чистка 4 500 ₽.',
    );
    expect(chunks.map((c) => [c.language, c.textSearchConfig])).toEqual([
      ['ru', 'russian'],
      ['ru', 'russian'],
      ['en', 'english'],
    ]);
  });

  it('packs paragraphs up to the target size with overlap, never cutting a paragraph', () => {
    const paras = Array.from({ length: 10 }, (_, i) => `Paragraph ${i} ${'lorem ipsum '.repeat(8)}end.`);
    const chunks = chunkDocument(
      { blocks: [h(1, 'Doc'), ...paras.map(p)] },
      { targetSize: 300, overlap: 120 },
    );
    expect(chunks.length).toBeGreaterThan(3);
    for (const chunk of chunks) {
      expect(chunk.charCount).toBeLessThanOrEqual(300);
      for (const line of chunk.text.split('\n')) expect(paras).toContain(line);
    }
    // The last paragraph of a chunk opens the next one.
    const lastOfFirst = chunks[0]?.text.split('\n').at(-1);
    expect(chunks[1]?.text.startsWith(lastOfFirst ?? '?')).toBe(true);
  });

  it('keeps table rows whole with their column names and does not overlap rows', () => {
    const rows = Array.from({ length: 30 }, (_, i) => [`Услуга ${i}`, `${1000 + i * 100} ₽`]);
    const chunks = chunkDocument(
      { blocks: [h(2, 'Цены'), { kind: 'table', header: ['Услуга', 'Цена'], rows }] },
      { targetSize: 200 },
    );
    const lines = chunks.flatMap((c) => c.text.split('\n'));
    expect(lines).toHaveLength(30);
    expect(lines[0]).toBe('Услуга: Услуга 0; Цена: 1000 ₽');
    expect(chunks.every((c) => c.blockKinds.includes('table') && c.headingPath[0] === 'Цены')).toBe(true);
  });

  it('keeps a Q/A pair in one chunk with labels in its language', () => {
    const [ru, en] = chunkDocument(
      {
        blocks: [
          { kind: 'qa', question: 'Есть ли парковка?', answer: 'Да, бесплатная.' },
          { kind: 'qa', question: 'Is there parking?', answer: 'Yes, free.' },
        ],
      },
      { targetSize: 30, maxSize: 60, overlap: 10 },
    );
    expect(ru?.text).toBe('Вопрос: Есть ли парковка?\nОтвет: Да, бесплатная.');
    expect(en?.text).toBe('Q: Is there parking?\nA: Yes, free.');
  });

  it('splits an oversized paragraph at sentence ends with overlap', () => {
    const sentences = Array.from({ length: 40 }, (_, i) => `Sentence number ${i} is here.`);
    const chunks = chunkDocument(
      { blocks: [p(sentences.join(' '))] },
      { targetSize: 200, maxSize: 300, overlap: 60 },
    );
    expect(chunks.length).toBeGreaterThan(4);
    for (const c of chunks) {
      expect(c.text.length).toBeLessThanOrEqual(200);
      expect(c.text).toMatch(/^Sentence number \d+ is here\.(?: Sentence number \d+ is here\.)*$/);
    }
    // Overlap: the next chunk starts with sentences the previous one ended with.
    expect(chunks[0]?.text).toContain(`${chunks[1]?.text.split('. ')[0]}.`);
  });

  it('measures in estimated tokens when asked', () => {
    const text = 'Доставка по Москве осуществляется ежедневно. '.repeat(40);
    const byTokens = chunkDocument(
      { blocks: [p(text)] },
      { unit: 'tokens', targetSize: 100, maxSize: 150, overlap: 0 },
    );
    for (const c of byTokens) expect(c.tokenEstimate).toBeLessThanOrEqual(110);
    expect(byTokens.length).toBeGreaterThan(3);
  });

  it('gives the same hashes for the same content and tells what changed on re-index', () => {
    const v1 = chunkDocument({ blocks: [h(1, 'A'), p('one'), h(1, 'B'), p('two'), h(1, 'C'), p('three')] });
    const again = chunkDocument({
      blocks: [h(1, 'A'), p('One!'), h(1, 'B'), p('two'), h(1, 'C'), p('three')],
    });
    expect(again.map((c) => c.hash)).toEqual(v1.map((c) => c.hash));
    const v2 = chunkDocument({
      blocks: [h(1, 'A'), p('one'), h(1, 'B'), p('two, changed'), h(1, 'D'), p('four')],
    });
    const diff = diffChunks(
      v1.map((c) => c.hash),
      v2,
    );
    expect(diff.unchanged.map((c) => c.text)).toEqual(['one']);
    expect(diff.added.map((c) => c.text)).toEqual(['two, changed', 'four']);
    expect(diff.removed).toEqual([v1[1]?.hash, v1[2]?.hash]);
  });

  it('rejects inconsistent options', () => {
    expect(() => chunkDocument({ blocks: [] }, { targetSize: 100, maxSize: 50 })).toThrow();
  });
});

describe('dedupeChunks', () => {
  it('drops exact duplicates after normalisation and renumbers', () => {
    const chunks = chunkDocument({
      blocks: [
        h(1, 'Page'),
        p('Free delivery from 5000 ₽'),
        h(1, 'Other'),
        p('x'),
        h(1, 'Page'),
        p('FREE delivery from 5000 ₽!'),
      ],
    });
    const { chunks: kept, dropped } = dedupeChunks(chunks);
    expect(kept.map((c) => [c.index, c.text])).toEqual([
      [0, 'Free delivery from 5000 ₽'],
      [1, 'x'],
    ]);
    expect(dropped).toEqual([{ index: 2, duplicateOf: 0, near: false }]);
  });

  it('drops near duplicates of long chunks only when asked, and never short price lines', () => {
    const base =
      'Our clinic is open every day from nine in the morning until nine in the evening, including public holidays, and we accept walk-in patients for urgent dental pain without an appointment at any of our three branches in the city centre.';
    const variant = base.replace('three branches', 'three branches,');
    const other = base.replace('nine in the evening', 'six in the evening').replace('walk-in', 'pre-booked');
    const chunks = chunkDocument({
      blocks: [
        h(1, 'a'),
        p(base),
        h(1, 'a'),
        p(`${variant} Welcome`),
        h(1, 'b'),
        p('Пломба — 4 000 ₽'),
        h(1, 'b'),
        p('Пломба — 4 500 ₽'),
      ],
    });
    expect(dedupeChunks(chunks).chunks).toHaveLength(4);
    const near = dedupeChunks(chunks, { nearDuplicates: true });
    expect(near.chunks.map((c) => c.text)).toEqual([base, 'Пломба — 4 000 ₽', 'Пломба — 4 500 ₽']);
    expect(near.dropped).toEqual([{ index: 1, duplicateOf: 0, near: true }]);
    expect(
      dedupeChunks(chunkDocument({ blocks: [p(base), h(1, 'x'), p(other)] }), { nearDuplicates: true })
        .chunks,
    ).toHaveLength(2);
  });
});

describe('detectChunkLanguage', () => {
  it('tells Russian from English, Russian with Latin brand names included', () => {
    expect(detectChunkLanguage('Часы работы: ежедневно с 9 до 21')).toBe('ru');
    expect(detectChunkLanguage('Opening hours: daily 9am to 9pm')).toBe('en');
    expect(detectChunkLanguage('Ремонт iPhone и Samsung Galaxy в сервисе')).toBe('ru');
    expect(detectChunkLanguage('3500 — 4000')).toBe('unknown');
    expect(textSearchConfigFor('unknown')).toBe('simple');
  });
});
