/**
 * A tokenizer-free token estimate. BPE vocabularies (OpenAI's cl100k/o200k and most open models) spend
 * about 4 characters per token on English and 2.5 or fewer on Russian; good enough to keep chunks under an
 * embedding model's input limit without shipping a tokenizer.
 */
export function estimateTokens(text: string): number {
  let cyr = 0;
  for (const ch of text) if (ch >= '\u0400' && ch <= '\u04ff') cyr += 1;
  const other = text.length - cyr;
  return Math.ceil(cyr / 2.5 + other / 4);
}
