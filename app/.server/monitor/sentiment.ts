/**
 * A caller line's mood from a small Russian and English word list: enough to colour a monitor row, not
 * analysis (post-call analysis with an LLM does that). Stems, so "ужасно/ужасный" both count.
 */
const NEGATIVE = [
  'ужас',
  'плох',
  'безобраз',
  'надоел',
  'отврат',
  'бесит',
  'жалоб',
  'обман',
  'terrible',
  'awful',
  'bad',
  'angry',
  'worst',
  'hate',
  'ridiculous',
  'useless',
  'complain',
];
const POSITIVE = [
  'спасибо',
  'отлично',
  'хорош',
  'прекрасн',
  'замечательн',
  'thank',
  'great',
  'good',
  'perfect',
  'excellent',
  'wonderful',
];

export type Sentiment = 'negative' | 'neutral' | 'positive';

export function sentimentOf(text: string | undefined): Sentiment | undefined {
  if (!text?.trim()) return undefined;
  const words = text
    .toLowerCase()
    .split(/[^\p{L}]+/u)
    .filter(Boolean);
  let score = 0;
  for (const word of words) {
    if (NEGATIVE.some((stem) => word.startsWith(stem))) score -= 1;
    if (POSITIVE.some((stem) => word.startsWith(stem))) score += 1;
  }
  return score < 0 ? 'negative' : score > 0 ? 'positive' : 'neutral';
}
