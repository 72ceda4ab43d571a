// TEMPORARY stand-in for flow-runtime/src/nlu (written in parallel by another engineer), with the same
// exports, used only until that module exists. Delete once nlu-bridge.ts points at ./nlu.
export type SlotType = 'number' | 'date' | 'time' | 'phone' | 'email' | 'yes_no' | 'choice' | 'free_text';
export interface SlotOptions {
  language: 'ru' | 'en';
  choices?: { value: string; synonyms: string[] }[];
  now?: number;
  timeZone?: string;
}
export type SlotResult = { ok: true; value: string | number | boolean; display: string } | { ok: false };
export interface IntentDef {
  name: string;
  examples: string[];
}
export interface IntentMatch {
  name: string;
  score: number;
}

const words = (text: string): string[] => text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
const numberWords: Record<string, number> = { one: 1, two: 2, three: 3, один: 1, два: 2, три: 3, пять: 5 };

export function extractSlot(type: SlotType, text: string, options: SlotOptions): SlotResult {
  const t = text.toLowerCase().trim();
  switch (type) {
    case 'number': {
      const m = t.match(/-?\d+(?:[.,]\d+)?/);
      if (m) return { ok: true, value: Number(m[0].replace(',', '.')), display: m[0] };
      const w = words(t).find((x) => x in numberWords);
      return w ? { ok: true, value: numberWords[w] ?? 0, display: String(numberWords[w]) } : { ok: false };
    }
    case 'yes_no':
      if (/\b(yes|yeah|sure)\b|(^|\s)(да|конечно|ага)(\s|$|[,.!])/u.test(t)) return { ok: true, value: true, display: options.language === 'ru' ? 'да' : 'yes' };
      if (/\b(no|nope)\b|(^|\s)(нет|не надо)(\s|$|[,.!])/u.test(t)) return { ok: true, value: false, display: options.language === 'ru' ? 'нет' : 'no' };
      return { ok: false };
    case 'choice': {
      for (const c of options.choices ?? []) {
        if ([c.value, ...c.synonyms].some((s) => t.includes(s.toLowerCase()))) return { ok: true, value: c.value, display: c.value };
      }
      return { ok: false };
    }
    case 'phone': {
      const d = t.replace(/[^\d+]/g, '');
      return d.replace('+', '').length >= 10 ? { ok: true, value: d, display: d } : { ok: false };
    }
    case 'email': {
      const m = t.match(/[\w.+-]+@[\w-]+\.[\w.]+/);
      return m ? { ok: true, value: m[0], display: m[0] } : { ok: false };
    }
    case 'date': {
      const base = options.now ?? 0;
      const day = 86_400_000;
      const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
      if (/завтра|tomorrow/.test(t)) return { ok: true, value: iso(base + day), display: iso(base + day) };
      if (/сегодня|today/.test(t)) return { ok: true, value: iso(base), display: iso(base) };
      const m = t.match(/\b(\d{1,2})[./](\d{1,2})(?:[./](\d{4}))?\b/);
      if (m) {
        const y = m[3] ?? new Date(base).toISOString().slice(0, 4);
        const v = `${y}-${m[2]?.padStart(2, '0')}-${m[1]?.padStart(2, '0')}`;
        return { ok: true, value: v, display: v };
      }
      return { ok: false };
    }
    case 'time': {
      const m = t.match(/\b(\d{1,2})[:.](\d{2})\b/);
      return m ? { ok: true, value: `${m[1]?.padStart(2, '0')}:${m[2]}`, display: `${m[1]}:${m[2]}` } : { ok: false };
    }
    case 'free_text':
      return t ? { ok: true, value: text.trim(), display: text.trim() } : { ok: false };
  }
}

export function extractDtmfSlot(type: SlotType, digits: string, options: SlotOptions): SlotResult {
  const d = digits.replace(/#$/, '');
  if (type === 'yes_no') return d === '1' ? { ok: true, value: true, display: 'yes' } : d === '2' ? { ok: true, value: false, display: 'no' } : { ok: false };
  if (type === 'choice') {
    const c = options.choices?.[Number(d) - 1];
    return c ? { ok: true, value: c.value, display: c.value } : { ok: false };
  }
  if (type === 'number' && /^\d+$/.test(d)) return { ok: true, value: Number(d), display: d };
  if (type === 'phone' && d.length >= 10) return { ok: true, value: d, display: d };
  return d ? extractSlot(type, d, options) : { ok: false };
}

export function matchIntent(text: string, intents: IntentDef[], _language: 'ru' | 'en'): IntentMatch | null {
  const said = new Set(words(text));
  let best: IntentMatch | null = null;
  for (const intent of intents) {
    for (const example of intent.examples) {
      const ex = words(example);
      if (ex.length === 0) continue;
      const score = ex.filter((w) => said.has(w)).length / ex.length;
      if (score >= 0.6 && (!best || score > best.score)) best = { name: intent.name, score };
    }
  }
  return best;
}

export function detectLanguage(text: string): 'ru' | 'en' {
  return /[а-яё]/i.test(text) ? 'ru' : 'en';
}
