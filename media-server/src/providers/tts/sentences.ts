/**
 * Splits text at sentence ends so speech can start after the first sentence is synthesized rather than
 * after the whole reply. Keeps the punctuation (it shapes intonation) and never returns empty pieces.
 */
export function splitSentences(text: string, maxLength = 400): string[] {
  const pieces = text
    .replace(/\s+/g, ' ')
    .trim()
    .split(/(?<=[.!?…;:])\s+(?=\S)/u)
    .filter((s) => s.length > 0);
  // A run-on sentence without punctuation is cut at a space so one piece cannot stall the stream.
  return pieces.flatMap((piece) => {
    const out: string[] = [];
    let rest = piece;
    while (rest.length > maxLength) {
      const cut = rest.lastIndexOf(' ', maxLength);
      const at = cut > 0 ? cut : maxLength;
      out.push(rest.slice(0, at));
      rest = rest.slice(at).trim();
    }
    if (rest) out.push(rest);
    return out;
  });
}
