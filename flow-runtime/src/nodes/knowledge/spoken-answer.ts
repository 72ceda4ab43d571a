import { isStopword, scoreIntents, stem, tokenize } from '../../nlu-bridge';
import type { KnowledgeChunk } from '../../ports';

/** Knowledge written for reading; a phone answer keeps the first few sentences. */
const SPOKEN_SENTENCES = 3;

/** Below this, the caller's distinctive words did not meet the entry: better to say so than guess. */
export const MIN_ANSWER_MATCH = 0.34;

/** A Q&A entry as the indexer writes it ("Q: …\nA: …", "Вопрос: …\nОтвет: …"), several to a chunk. */
const QUESTION = /^(?:Q|Вопрос):\s*/;
const ANSWER = /^(?:A|Ответ):\s*/;

export interface Entry {
  question: string | null;
  answer: string;
}

/** The chunk's own words, without the heading breadcrumb the search adds in front ("FAQ › Delivery"). */
export function chunkBody(chunk: Pick<KnowledgeChunk, 'text' | 'heading'>): string {
  const text = chunk.text.replace(/\r\n/g, '\n');
  if (chunk.heading && text.startsWith(`${chunk.heading}\n`)) return text.slice(chunk.heading.length + 1);
  return text;
}

/** Splits a chunk into its Q&A entries, or into lines of prose (each its own entry with no question). */
export function entriesOf(body: string): Entry[] {
  const lines = body.split('\n');
  const entries: Entry[] = [];
  let current: { question: string; answer: string[]; inAnswer: boolean } | null = null;
  const flush = () => {
    if (current && current.answer.length)
      entries.push({ question: current.question, answer: current.answer.join(' ') });
    current = null;
  };
  for (const raw of lines) {
    const line = raw.trim();
    if (!line) continue;
    if (QUESTION.test(line)) {
      flush();
      current = { question: line.replace(QUESTION, ''), answer: [], inAnswer: false };
    } else if (current && ANSWER.test(line)) {
      current.inAnswer = true;
      current.answer.push(line.replace(ANSWER, ''));
    } else if (current?.inAnswer) {
      current.answer.push(line);
    } else if (current) {
      current.question += ` ${line}`;
    } else {
      entries.push({ question: null, answer: line.replace(/^•\s*/, '') });
    }
  }
  flush();
  return entries;
}

// Question words: a caller's "how much", "когда" say what kind of answer, not what it is about.
const QUESTION_WORDS = new Set(
  'how much many long when where why which who whom will did have has get got know want need about сколько когда где почему зачем куда откуда кто какой какая какие хочу хотел хотела надо нужно знать узнать есть ли мне'.split(
    ' ',
  ),
);

/** The words that say what a phrase is about, stemmed. */
function contentWords(text: string): Set<string> {
  return new Set(
    tokenize(text)
      .filter((word) => word.length > 1 && !isStopword(word) && !QUESTION_WORDS.has(word))
      .map(stem),
  );
}

/** The share of the caller's content words the entry holds (0 when the caller said none). */
function coverage(query: Set<string>, entry: Entry): number {
  if (query.size === 0) return 0;
  const words = contentWords(`${entry.question ?? ''} ${entry.answer}`);
  let hits = 0;
  for (const word of query) if (words.has(word)) hits++;
  return hits / query.size;
}

function firstSentences(text: string): string {
  const sentences = text
    .replace(/\s+/g, ' ')
    .trim()
    .match(/[^.!?]+[.!?]*/g) ?? [text];
  return sentences
    .slice(0, SPOKEN_SENTENCES)
    .map((sentence) => sentence.trim())
    .join(' ');
}

export interface SpokenAnswer {
  text: string;
  /** The share of the caller's content words the chosen entry holds (0..1). */
  match: number;
  chunk: KnowledgeChunk;
}

/**
 * What to say from the chunks a search found: the answer text of the entry whose distinctive words best
 * match what the caller said (never a question, never the heading breadcrumb). Entries are scored against
 * each other, so a word every entry shares ("delivery" in a delivery FAQ) does not decide.
 */
export function spokenAnswer(chunks: readonly KnowledgeChunk[], query: string): SpokenAnswer | null {
  const candidates = chunks.flatMap((chunk) =>
    entriesOf(chunkBody(chunk)).map((entry) => ({ chunk, entry })),
  );
  if (candidates.length === 0) return null;
  const scores = scoreIntents(
    query,
    candidates.map((c, i) => ({ name: String(i), examples: [c.entry.question ?? c.entry.answer] })),
  );
  const byIndex = new Map(scores.map((s) => [Number(s.name), s.score]));
  const asked = contentWords(query);
  let best = 0;
  let bestScore = -1;
  candidates.forEach((c, i) => {
    // Distinctive words against the question decide; the words the entry holds and the search's own
    // ranking break ties.
    const score = (byIndex.get(i) ?? 0) + 0.5 * coverage(asked, c.entry) + 0.05 * c.chunk.score;
    if (score > bestScore) {
      best = i;
      bestScore = score;
    }
  });
  const chosen = candidates[best]!;
  return {
    text: firstSentences(chosen.entry.answer),
    match: coverage(asked, chosen.entry),
    chunk: chosen.chunk,
  };
}
