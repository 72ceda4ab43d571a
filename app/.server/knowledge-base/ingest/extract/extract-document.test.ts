import { describe, expect, it } from 'vitest';
import type { DocumentBlock, ExtractedDocument } from '../blocks';
import { buildDocx } from '../test-support/docx-fixture';
import { buildPdf } from '../test-support/pdf-fixture';
import { writeZip } from '../test-support/zip-writer';
import { extractDocument } from './extract-document';
import { TooLargeError, UnreadableError, UnsupportedTypeError } from './extraction-errors';

const utf8 = (s: string) => new TextEncoder().encode(s);

function allText(doc: ExtractedDocument): string {
  return doc.blocks
    .map((b) => {
      if (b.kind === 'table') return [b.header, ...b.rows].map((r) => r.join(' | ')).join('\n');
      if (b.kind === 'qa') return `${b.question} ${b.answer}`;
      return b.text;
    })
    .join('\n');
}

function kinds(blocks: DocumentBlock[]): string[] {
  return blocks.map((b) => (b.kind === 'heading' ? `h${b.level}` : b.kind));
}

describe('extractDocument', () => {
  it('extracts a PDF with Cyrillic text, headings by font size, and paragraphs', async () => {
    const pdf = buildPdf(
      [
        [
          { text: 'Прайс-лист стоматологии', size: 20 },
          { text: 'Профессиональная гигиена полости рта включает снятие', gapBefore: 8 },
          { text: 'зубного камня и полировку. Стоимость 4 500 ₽.' },
          { text: 'Opening hours', size: 16, gapBefore: 12 },
          { text: 'We are open Monday to Friday, 9:00–20:00.', gapBefore: 4 },
        ],
        [{ text: 'Вторая страница: гарантия на пломбы — 1 год.' }],
      ],
      'Клиника «Улыбка»',
    );
    const doc = await extractDocument({ bytes: pdf, filename: 'price.pdf' });
    expect(doc.type).toBe('pdf');
    expect(doc.title).toBe('Клиника «Улыбка»');
    expect(kinds(doc.blocks)).toEqual(['h1', 'paragraph', 'h2', 'paragraph', 'paragraph']);
    expect(doc.blocks[1]).toEqual({
      kind: 'paragraph',
      text: 'Профессиональная гигиена полости рта включает снятие зубного камня и полировку. Стоимость 4 500 ₽.',
    });
    expect(allText(doc)).toContain('гарантия на пломбы — 1 год');
  });

  it('refuses a PDF over the page limit and a PDF without a text layer', async () => {
    const three = buildPdf([[{ text: 'a' }], [{ text: 'b' }], [{ text: 'c' }]]);
    await expect(extractDocument({ bytes: three }, { maxPages: 2 })).rejects.toBeInstanceOf(TooLargeError);
    const empty = buildPdf([[]]);
    await expect(extractDocument({ bytes: empty })).rejects.toBeInstanceOf(UnreadableError);
    const broken = utf8('%PDF-1.7\nthis is not a pdf at all');
    await expect(extractDocument({ bytes: broken })).rejects.toBeInstanceOf(UnreadableError);
  });

  it('extracts a DOCX with headings, bullets and a table', async () => {
    const docx = buildDocx([
      { heading: 1, text: 'Условия доставки' },
      { paragraph: 'Доставляем по Москве в течение 1–2 рабочих дней.' },
      { heading: 2, text: 'Стоимость' },
      { bullet: 'Бесплатно от 5 000 ₽' },
      { bullet: 'Иначе — 350 ₽' },
      {
        table: [
          ['Зона', 'Срок', 'Цена'],
          ['Москва', '1 день', '350 ₽'],
          ['Подмосковье', '2 дня', '500 ₽'],
        ],
      },
    ]);
    const doc = await extractDocument({ bytes: docx, filename: 'delivery.docx' });
    expect(doc.type).toBe('docx');
    expect(kinds(doc.blocks)).toEqual(['h1', 'paragraph', 'h2', 'list_item', 'list_item', 'table']);
    expect(doc.blocks[5]).toMatchObject({
      kind: 'table',
      rows: [
        ['Москва', '1 день', '350 ₽'],
        ['Подмосковье', '2 дня', '500 ₽'],
      ],
    });
    expect(doc.title).toBe('Условия доставки');
  });

  it('refuses a zip that is not a DOCX and a corrupt DOCX', async () => {
    const zip = writeZip([{ name: 'xl/workbook.xml', data: '<workbook/>' }]);
    await expect(extractDocument({ bytes: zip, filename: 'book.xlsx' })).rejects.toBeInstanceOf(
      UnsupportedTypeError,
    );
    const corrupt = writeZip([{ name: 'word/document.xml', data: '<w:document' }]);
    await expect(extractDocument({ bytes: corrupt, filename: 'x.docx' })).rejects.toBeInstanceOf(
      UnreadableError,
    );
  });

  it('extracts plain text in UTF-8 and in Windows-1251, with headings and list items guessed', async () => {
    const text =
      'Часы работы\nПн–Пт: 9:00–21:00, суббота до 18:00.\n\n- Воскресенье выходной\n- Праздники по графику\n';
    const doc = await extractDocument({ bytes: utf8(text), filename: 'hours.txt' });
    expect(doc.type).toBe('txt');
    expect(kinds(doc.blocks)).toEqual(['h2', 'paragraph', 'list_item', 'list_item']);
    const cp1251 = new Uint8Array([0xd7, 0xe0, 0xf1, 0xfb, 0x20, 0xf0, 0xe0, 0xe1, 0xee, 0xf2, 0xfb]);
    const legacy = await extractDocument({ bytes: cp1251, filename: 'old.txt' });
    expect(allText(legacy)).toBe('Часы работы');
  });

  it('extracts Markdown with heading levels, lists, tables and Q/A pairs', async () => {
    const md = [
      '# Return policy / Возврат',
      '',
      'Goods can be returned **within 14 days**.',
      '',
      '## Таблица сроков',
      '',
      '| Товар | Срок |',
      '|---|---|',
      '| Одежда | 14 дней |',
      '',
      'Вопрос: Можно вернуть без чека?',
      'Ответ: Да, с паспортом.',
    ].join('\n');
    const doc = await extractDocument({ bytes: utf8(md), filename: 'returns.md' });
    expect(doc.type).toBe('markdown');
    expect(kinds(doc.blocks)).toEqual(['h1', 'paragraph', 'h2', 'table', 'qa']);
    expect(doc.blocks[4]).toEqual({
      kind: 'qa',
      question: 'Можно вернуть без чека?',
      answer: 'Да, с паспортом.',
    });
  });

  it('extracts HTML main content, skipping navigation and scripts', async () => {
    const html = `<!doctype html><html><head><title>Клиника — цены</title><script>var x = 1;</script></head>
      <body><nav><a href="/">Главная</a></nav>
      <main><h1>Цены</h1><p>Чистка зубов &mdash; <b>3&nbsp;500 ₽</b></p>
      <ul><li>Первичный осмотр<ul><li>бесплатно</li></ul></li></ul>
      <table><thead><tr><th>Услуга</th><th>Цена</th></tr></thead><tbody><tr><td>Пломба</td><td>4 000 ₽</td></tr></tbody></table>
      <details><summary>Есть ли парковка?</summary><p>Да, бесплатная.</p></details></main>
      <footer>© 2026</footer></body></html>`;
    const doc = await extractDocument({ bytes: utf8(html), contentType: 'text/html; charset=utf-8' });
    expect(doc.type).toBe('html');
    expect(doc.title).toBe('Клиника — цены');
    expect(kinds(doc.blocks)).toEqual(['h1', 'paragraph', 'list_item', 'list_item', 'table', 'qa']);
    expect(doc.blocks[1]).toEqual({ kind: 'paragraph', text: 'Чистка зубов — 3 500 ₽' });
    expect(doc.blocks[3]).toMatchObject({ text: 'бесплатно', depth: 1 });
    expect(allText(doc)).not.toMatch(/Главная|2026|var x/);
  });

  it('extracts CSV with a semicolon delimiter, quoted fields, and Q/A columns', async () => {
    const csv =
      'Услуга;Цена;Комментарий\r\n"Чистка; профессиональная";3500;"сказал ""да"""\r\nОтбеливание;12000;\r\n';
    const doc = await extractDocument({ bytes: utf8(csv), filename: 'prices.csv' });
    expect(doc.blocks).toEqual([
      {
        kind: 'table',
        header: ['Услуга', 'Цена', 'Комментарий'],
        rows: [
          ['Чистка; профессиональная', '3500', 'сказал "да"'],
          ['Отбеливание', '12000', ''],
        ],
      },
    ]);
    const faq = await extractDocument({
      bytes: utf8('question,answer\nDo you deliver?,"Yes, daily."\n'),
      filename: 'faq.csv',
    });
    expect(faq.blocks).toEqual([{ kind: 'qa', question: 'Do you deliver?', answer: 'Yes, daily.' }]);
    await expect(
      extractDocument({ bytes: utf8('a\n1\n2\n3\n'), filename: 'rows.csv' }, { maxCsvRows: 2 }),
    ).rejects.toBeInstanceOf(TooLargeError);
  });

  it('refuses unsupported types, oversized files and empty files with typed errors', async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
    await expect(extractDocument({ bytes: png, filename: 'logo.png' })).rejects.toBeInstanceOf(
      UnsupportedTypeError,
    );
    await expect(extractDocument({ bytes: utf8('text'), filename: 'app.exe' })).rejects.toMatchObject({
      code: 'unsupported_type',
    });
    await expect(
      extractDocument({ bytes: new Uint8Array(2048).fill(65), filename: 'a.txt' }, { maxBytes: 1024 }),
    ).rejects.toMatchObject({ code: 'too_large', limit: 1024, actual: 2048 });
    await expect(extractDocument({ bytes: new Uint8Array(0), filename: 'a.txt' })).rejects.toMatchObject({
      code: 'unreadable',
    });
    await expect(extractDocument({ bytes: utf8('   \n\n '), filename: 'a.txt' })).rejects.toBeInstanceOf(
      UnreadableError,
    );
  });
});
