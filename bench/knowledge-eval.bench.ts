// Retrieval quality and indexing throughput of the knowledge base, on the real pipeline and PostgreSQL:
// 1. indexes the labelled documents in bench/knowledge-eval/documents (PDF-free: Markdown, HTML, TXT, CSV, in
//    Russian and English) as uploaded files, then asks the questions in questions.json (each names the file
//    that answers it and a phrase of the answering passage) and reports recall@5 (a top-5 hit from the right
//    file), passage recall@5 (that hit holds the phrase) and MRR;
// 2. crawls a generated 300-page site on loopback and reports pages per second (fetch through the SSRF
//    guard, robots.txt, extraction, chunking, storing; embeddings too when EMBEDDINGS_* is set).
// Usage: npm run bench -- knowledge-eval [pages]. The last line is one JSON object of figures.
import { readFileSync, readdirSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { z } from 'zod';
import { prepareBenchDb, round } from './support/bench-db.ts';
import { createKnowledgeBase, createKnowledgeSource } from '../tests/support/factories.ts';

const here = join(import.meta.dirname, 'knowledge-eval');
const PAGES = Number(process.argv[2] ?? 300);

await prepareBenchDb();
const { db, disconnectDb } = await import('#server/db.ts');
const { indexSource } = await import('#server/knowledge-base/index-source.server.ts');
const { searchChunks } = await import('#server/knowledge-base/search.server.ts');
const { knowledgeSettings } = await import('#server/knowledge-base/knowledge-settings.server.ts');
const { vectorSupport } = await import('#server/knowledge-base/vector-search.server.ts');
const { createProject } = await import('../tests/support/factories.ts');

const questions = z
  .array(
    z.object({
      lang: z.enum(['ru', 'en']),
      question: z.string().min(3),
      source: z.string(),
      expect: z.string().min(1),
    }),
  )
  .min(50)
  .parse(JSON.parse(readFileSync(join(here, 'questions.json'), 'utf8')));

const MIME: Record<string, string> = {
  md: 'text/markdown',
  html: 'text/html',
  txt: 'text/plain',
  csv: 'text/csv',
};
const files = readdirSync(join(here, 'documents')).sort();
for (const q of questions) {
  if (!files.includes(q.source)) throw new Error(`questions.json: no document ${q.source}`);
  const text = readFileSync(join(here, 'documents', q.source), 'utf8');
  if (!text.includes(q.expect)) throw new Error(`"${q.expect}" is not in ${q.source} (${q.question})`);
}

const projectId = (await createProject(db(), 'Knowledge eval')).id;
const kb = await createKnowledgeBase(db(), projectId, 'Eval');
const sourceOf = new Map<string, string>();
let chunks = 0;
const filesStarted = performance.now();
for (const name of files) {
  const bytes = readFileSync(join(here, 'documents', name));
  const row = await createKnowledgeSource(
    db(),
    { id: kb.id, projectId: projectId },
    {
      kind: 'file',
      name,
      fileName: name,
      mimeType: MIME[name.split('.').pop() ?? ''] ?? null,
      sizeBytes: bytes.byteLength,
      fileContent: bytes,
    },
  );
  const result = await indexSource(row.id, { finalAttempt: true });
  if (result.status !== 'ready') throw new Error(`${name} failed to index`);
  chunks += result.chunkCount;
  sourceOf.set(row.id, name);
}
const filesSeconds = (performance.now() - filesStarted) / 1000;
console.log(`indexed ${files.length} documents (${chunks} chunks) in ${filesSeconds.toFixed(2)} s`);

let found = 0;
let passages = 0;
let reciprocal = 0;
const byLang = { ru: { n: 0, found: 0 }, en: { n: 0, found: 0 } };
for (const q of questions) {
  const hits = await searchChunks(projectId, q.question, { knowledgeBaseIds: [kb.id] }, 5);
  const rank = hits.findIndex((h) => sourceOf.get(h.sourceId) === q.source);
  const passage = hits.some((h) => sourceOf.get(h.sourceId) === q.source && h.text.includes(q.expect));
  byLang[q.lang].n += 1;
  if (rank >= 0) {
    found += 1;
    byLang[q.lang].found += 1;
    reciprocal += 1 / (rank + 1);
  }
  if (passage) passages += 1;
  if (rank !== 0 || !passage) {
    const top = hits[0] ? `${sourceOf.get(hits[0].sourceId)}: ${hits[0].text.slice(0, 60)}` : 'nothing';
    console.log(
      `  ${rank < 0 ? 'MISS' : `rank ${rank + 1}`}${passage ? '' : ' (passage missed)'}  ${q.question}  → ${top}`,
    );
  }
}

// A generated site: an index linking 20 section pages, each linking its share of article pages.
let seed = 7;
const rand = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
const words =
  'доставка оплата гарантия возврат заказ курьер склад скидка акция клиент менеджер договор счёт delivery payment warranty refund order courier stock discount customer manager contract invoice'.split(
    ' ',
  );
const para = () => Array.from({ length: 60 }, () => words[Math.floor(rand() * words.length)]).join(' ') + '.';
const SECTIONS = 20;
const perSection = Math.max(1, Math.ceil((PAGES - 1 - SECTIONS) / SECTIONS));
const site = createServer((req, res) => {
  const path = req.url ?? '/';
  const html = (title: string, body: string) =>
    res
      .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
      .end(
        `<html><head><title>${title}</title></head><body><main><h1>${title}</h1>${body}</main></body></html>`,
      );
  if (path === '/robots.txt') return res.writeHead(200).end('User-agent: *\nDisallow: /admin\n');
  if (path === '/') {
    return html(
      'Каталог',
      Array.from({ length: SECTIONS }, (_, s) => `<a href="/s${s}">Раздел ${s}</a>`).join(' '),
    );
  }
  const section = /^\/s(\d+)$/.exec(path);
  if (section) {
    const s = Number(section[1]);
    const links = Array.from({ length: perSection }, (_, i) => `<a href="/s${s}/p${i}">Статья ${i}</a>`).join(
      ' ',
    );
    return html(`Раздел ${s}`, `<p>${para()}</p>${links}`);
  }
  const article = /^\/s(\d+)\/p(\d+)$/.exec(path);
  if (article) {
    return html(
      `Статья ${article[1]}-${article[2]}`,
      `<h2>Условия</h2><p>${para()}</p><p>${para()}</p><h2>Details</h2><p>${para()}</p>`,
    );
  }
  res.writeHead(404).end();
});
await new Promise<void>((r) => site.listen(0, '127.0.0.1', r));
const siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}/`;
const crawlRow = await createKnowledgeSource(
  db(),
  { id: kb.id, projectId: projectId },
  { kind: 'url', name: 'site', url: siteUrl, crawlDepth: 2, crawlMaxPages: PAGES },
);
const crawlStarted = performance.now();
const crawl = await indexSource(crawlRow.id, { allowHosts: ['127.0.0.1'], finalAttempt: true });
const crawlSeconds = (performance.now() - crawlStarted) / 1000;
const crawled = await db().knowledgeSource.findUniqueOrThrow({ where: { id: crawlRow.id } });
site.close();
if (crawl.status !== 'ready') throw new Error(`crawl failed: ${crawled.error}`);
console.log(
  `crawled ${crawled.progressDone} pages (${crawl.chunkCount} chunks) in ${crawlSeconds.toFixed(2)} s`,
);

const settings = knowledgeSettings();
const backends = [
  settings.typesense ? 'typesense' : 'postgres-fts+trigram',
  ...(settings.embedder ? [`embeddings(${await vectorSupport()})`] : []),
].join('+');
await disconnectDb();
console.log(
  JSON.stringify({
    bench: 'knowledge-eval',
    backends,
    documents: files.length,
    questions: questions.length,
    questions_ru: byLang.ru.n,
    questions_en: byLang.en.n,
    recall_at_5: round(found / questions.length),
    recall_at_5_ru: round(byLang.ru.found / byLang.ru.n),
    recall_at_5_en: round(byLang.en.found / byLang.en.n),
    passage_recall_at_5: round(passages / questions.length),
    mrr_at_5: round(reciprocal / questions.length),
    file_index_docs_per_s: round(files.length / filesSeconds, 1),
    crawl_pages: crawled.progressDone,
    crawl_pages_per_s: round(crawled.progressDone / crawlSeconds, 1),
  }),
);
