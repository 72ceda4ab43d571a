/**
 * How many SMS segments a text takes (3GPP TS 23.038 / 23.040). GSM-7 holds 160 characters in one segment and
 * 153 per segment when concatenated (the 6-byte UDH takes 7 septets); the extension table (€, [, ], {, }, \, ~,
 * ^, |, form feed) costs two septets each, and a concatenated message never splits an escape pair. Any
 * character outside GSM-7 (Cyrillic, emoji) switches the whole text to UCS-2: 70 per segment, 67 when
 * concatenated, counted in UTF-16 code units, so an emoji (a surrogate pair) takes two and a pair is never
 * split across segments. Pure, so the editor counts as the user types and the server counts the same way.
 */

const GSM7_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM7_EXTENDED = '\f^{}\\[~]|€';
const basic = new Set(GSM7_BASIC);
const extended = new Set(GSM7_EXTENDED);

export type SmsEncoding = 'gsm7' | 'ucs2';

export interface SmsCount {
  encoding: SmsEncoding;
  /** Characters as the user sees them (code points). */
  characters: number;
  /** Units the encoding spends: septets for GSM-7, UTF-16 code units for UCS-2. */
  units: number;
  segments: number;
  /** Units per segment at this length (single or concatenated). */
  perSegment: number;
  /** Units left in the last segment before another one starts. */
  remaining: number;
}

export const isGsm7 = (text: string): boolean => {
  for (const ch of text) if (!basic.has(ch) && !extended.has(ch)) return false;
  return true;
};

/** Units each character costs, in text order: what segments are packed from. */
function unitsOf(text: string, encoding: SmsEncoding): number[] {
  const units: number[] = [];
  for (const ch of text) units.push(encoding === 'gsm7' ? (extended.has(ch) ? 2 : 1) : ch.length);
  return units;
}

export function countSms(text: string): SmsCount {
  const encoding: SmsEncoding = isGsm7(text) ? 'gsm7' : 'ucs2';
  const single = encoding === 'gsm7' ? 160 : 70;
  const multi = encoding === 'gsm7' ? 153 : 67;
  const units = unitsOf(text, encoding);
  const total = units.reduce((a, b) => a + b, 0);
  const characters = units.length;
  if (total <= single)
    return {
      encoding,
      characters,
      units: total,
      segments: total === 0 ? 0 : 1,
      perSegment: single,
      remaining: single - total,
    };
  // Pack whole characters: an escape pair or a surrogate pair that does not fit opens the next segment.
  let segments = 1;
  let used = 0;
  for (const u of units) {
    if (used + u > multi) {
      segments += 1;
      used = 0;
    }
    used += u;
  }
  return { encoding, characters, units: total, segments, perSegment: multi, remaining: multi - used };
}

/**
 * The text cut into the segments countSms counts (the same packing: an escape pair or a surrogate pair is never
 * split). One part when it fits a single segment.
 */
export function splitSms(text: string): { encoding: SmsEncoding; parts: string[] } {
  const encoding: SmsEncoding = isGsm7(text) ? 'gsm7' : 'ucs2';
  const chars = [...text];
  const units = unitsOf(text, encoding);
  const total = units.reduce((a, b) => a + b, 0);
  if (total <= (encoding === 'gsm7' ? 160 : 70)) return { encoding, parts: [text] };
  const multi = encoding === 'gsm7' ? 153 : 67;
  const parts: string[] = [];
  let current = '';
  let used = 0;
  chars.forEach((ch, i) => {
    const u = units[i] ?? 1;
    if (used + u > multi) {
      parts.push(current);
      current = '';
      used = 0;
    }
    current += ch;
    used += u;
  });
  parts.push(current);
  return { encoding, parts };
}

/** GSM 03.38 code of each basic character: the table's order, with 0x1B (the escape) left out of the string. */
const GSM7_CODES = new Map([...GSM7_BASIC].map((ch, i) => [ch, i < 0x1b ? i : i + 1] as const));
const GSM7_EXTENDED_CODES = new Map<string, number>([
  ['\f', 0x0a],
  ['^', 0x14],
  ['{', 0x28],
  ['}', 0x29],
  ['\\', 0x2f],
  ['[', 0x3c],
  ['~', 0x3d],
  [']', 0x3e],
  ['|', 0x40],
  ['€', 0x65],
]);

/** GSM-7 septets, one per byte (unpacked, as SMPP carries them with data_coding 0); extended as 0x1B + code. */
export function gsm7Bytes(text: string): Uint8Array {
  const out: number[] = [];
  for (const ch of text) {
    const ext = GSM7_EXTENDED_CODES.get(ch);
    if (ext !== undefined) out.push(0x1b, ext);
    else out.push(GSM7_CODES.get(ch) ?? 0x20);
  }
  return Uint8Array.from(out);
}
