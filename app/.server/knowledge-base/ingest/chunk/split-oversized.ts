/**
 * Cuts one over-long unit (a wall-of-text paragraph, a giant table cell) into pieces of about `target`,
 * at sentence ends where possible, else at spaces, else hard. Consecutive pieces share up to `overlap` of
 * trailing sentences so a fact spanning the cut is findable from both sides.
 */
export function splitOversized(
  text: string,
  target: number,
  overlap: number,
  measure: (t: string) => number,
): string[] {
  const sentences = text.match(/[^.!?…]+(?:[.!?…]+["»”)]*\s*|$)/gu)?.filter((s) => s.trim()) ?? [text];
  const atoms = sentences.flatMap((s) => (measure(s) > target ? splitWords(s, target, measure) : [s]));
  const pieces: string[] = [];
  let current: string[] = [];
  let size = 0;
  for (const atom of atoms) {
    const s = measure(atom);
    if (current.length > 0 && size + s > target) {
      pieces.push(current.join('').trim());
      const carried: string[] = [];
      let used = 0;
      for (let i = current.length - 1; i > 0; i -= 1) {
        const m = measure(current[i] as string);
        if (used + m > overlap) break;
        carried.unshift(current[i] as string);
        used += m;
      }
      current = carried;
      size = used;
    }
    current.push(atom);
    size += s;
  }
  if (current.length) pieces.push(current.join('').trim());
  return pieces.filter(Boolean);
}

function splitWords(sentence: string, target: number, measure: (t: string) => number): string[] {
  const out: string[] = [];
  let current = '';
  for (const word of sentence.split(/(?<=\s)/)) {
    if (current && measure(current + word) > target) {
      out.push(current);
      current = '';
    }
    // A single "word" longer than the target (a URL, a hash) is cut hard.
    let w = word;
    while (measure(w) > target) {
      const cut = Math.max(1, Math.floor((w.length * target) / measure(w)));
      out.push(w.slice(0, cut));
      w = w.slice(cut);
    }
    current += w;
  }
  if (current) out.push(current);
  return out;
}
