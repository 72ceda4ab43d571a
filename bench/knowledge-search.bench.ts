// Hybrid knowledge search over 100,000 chunks (Russian and English, synthetic business text) in the real
// PostgreSQL: latency of searchChunks (full text in both languages + trigram, fused). Target p95 <= 30 ms.
// Usage: npm run bench -- knowledge-search [chunks]. The last line is one JSON object of figures.
import type { Chunk } from '#server/knowledge-base/ingest/chunk/chunk.ts';
import { percentile, prepareBenchDb, round } from './support/bench-db.ts';
import { createKnowledgeBase, createKnowledgeSource } from '../tests/support/factories.ts';

await prepareBenchDb();
const { db, disconnectDb } = await import('#server/db.ts');
const { replaceSourceChunks } = await import('#server/knowledge-base/chunk-store.server.ts');
const { searchChunks } = await import('#server/knowledge-base/search.server.ts');
const { createProject } = await import('../tests/support/factories.ts');

const TOTAL = Number(process.argv[2] ?? 100_000);
const PER_SOURCE = 5_000;
const QUERIES = 300;

// A realistic vocabulary: business terms plus thousands of generated words with a Zipf-like frequency,
// so a query matches a small share of the base (as in real documents), not every chunk.
const ruTerms =
  'запись приём врач стоимость лечение кариес пломба чистка зубы гарантия доставка заказ оплата карта возврат товар срок неделя понедельник суббота адрес филиал парковка скидка акция консультация рентген имплант коронка брекеты анестезия'.split(
    ' ',
  );
const enTerms =
  'appointment doctor price treatment filling cleaning teeth warranty delivery order payment card refund return item days week monday saturday address branch parking discount offer consultation xray implant crown braces anesthesia'.split(
    ' ',
  );
let seed = 42;
const rand = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
const ruSyl = 'ка ро ми на ле то су ва ги де пра сто кре ло ну ба'.split(' ');
const enSyl = 'ka ro mi na le to su va gi de pra sto kre lo nu ba'.split(' ');
const word = (syl: string[]) =>
  Array.from({ length: 2 + Math.floor(rand() * 3) }, () => syl[Math.floor(rand() * syl.length)]).join('');
const vocab = (terms: string[], syl: string[]) => [
  ...terms,
  ...Array.from({ length: 8000 }, () => word(syl)),
];
const ru = vocab(ruTerms, ruSyl);
const en = vocab(enTerms, enSyl);
// Zipf-like: low indexes (the business terms first) are far more frequent.
const pick = (words: string[]) => words[Math.floor(words.length * rand() ** 1.5)]!;
const sentence = (words: string[], n: number) => Array.from({ length: n }, () => pick(words)).join(' ');

const projectId = (await createProject(db(), 'Knowledge bench')).id;
const kb = await createKnowledgeBase(db(), projectId, 'Big');
const started = performance.now();
for (let s = 0; s * PER_SOURCE < TOTAL; s++) {
  const source = await createKnowledgeSource(
    db(),
    { id: kb.id, projectId: projectId },
    { kind: 'file', name: `doc-${s}` },
  );
  const language: 'ru' | 'en' = s % 2 === 0 ? 'ru' : 'en';
  const words = language === 'ru' ? ru : en;
  const chunks = Array.from({ length: Math.min(PER_SOURCE, TOTAL - s * PER_SOURCE) }, (_, i) => {
    const text = `${sentence(words, 40)}. ${sentence(words, 40)}. ${i}`;
    return {
      index: i,
      hash: `${s}-${i}`,
      text,
      headingPath: [`Раздел ${i % 50}`],
      searchText: text,
      language,
      textSearchConfig: language === 'ru' ? 'russian' : 'english',
      charCount: text.length,
      tokenEstimate: Math.ceil(text.length / 4),
      blockKinds: ['paragraph'],
    } satisfies Chunk;
  });
  await replaceSourceChunks(source, chunks);
  process.stdout.write(`\rindexed ${Math.min(TOTAL, (s + 1) * PER_SOURCE)} chunks`);
}
const insertSeconds = (performance.now() - started) / 1000;
await db().$executeRawUnsafe('ANALYZE kb.chunks');
console.log(`\ninserted ${TOTAL} chunks in ${insertSeconds.toFixed(1)} s`);

// Questions of three words drawn the same way as the text (so they have answers), half in each language.
const questions = [
  ...Array.from({ length: QUERIES / 2 }, () => sentence(ru, 3)),
  ...Array.from({ length: QUERIES / 2 }, () => sentence(en, 3)),
];
for (const q of questions.slice(0, 20)) await searchChunks(projectId, q); // warm caches
const times: number[] = [];
for (const q of questions) {
  const t = performance.now();
  await searchChunks(projectId, q, {}, 5);
  times.push(performance.now() - t);
}
console.log(`search: p50 ${percentile(times, 50).toFixed(1)} ms over ${QUERIES} queries`);
await disconnectDb();
console.log(
  JSON.stringify({
    bench: 'knowledge-search',
    chunks: TOTAL,
    insert_chunks_per_s: round(TOTAL / insertSeconds, 0),
    search_p50_ms: round(percentile(times, 50), 1),
    search_p95_ms: round(percentile(times, 95), 1),
  }),
);
