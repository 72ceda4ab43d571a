import { EncryptedError, ExpansionLimitError } from '../extraction-errors';
import { BudgetExceeded, measureChain } from './pdf-filters';
import { PdfReader, type PdfValue } from './pdf-objects';

/**
 * pdf.js expands a PDF's streams with no limit of its own, so before it opens one we find every stream and
 * measure what its filters expand to, within a budget (issue 14, item 9).
 *
 * - Streams are found from every object header in the file ("12 0 obj", comments allowed between tokens,
 *   as pdf.js's lexer allows), headers inside other data included: a spurious one only adds to the count.
 * - Each dictionary is parsed with the PDF grammar (strings, #-escaped names), so a filter cannot hide in a
 *   string; an indirect /Filter is resolved, and one that cannot be is measured as every common chain.
 * - Decoding starts at the stream's data and runs to its filter's own end marker, never trusting /Length.
 * - An encrypted PDF cannot be measured (its streams decrypt first): refused.
 *
 * Image streams are weighed against four times the budget: pdf.js does not expand them to read text, and
 * legitimate bitmaps compress far more than text does.
 */
export async function checkPdfExpansion(bytes: Uint8Array, maxExpandedBytes: number): Promise<void> {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  if (trailerEncrypts(bytes, text)) throw new EncryptedError();
  const headers = objectHeaders(text);
  const byRef = new Map(headers.map((h) => [`${h.num} ${h.gen}`, h.valueAt]));
  let content = 0;
  let images = 0;
  for (const header of headers) {
    const reader = new PdfReader(bytes, header.valueAt);
    const dict = reader.value();
    if (dict.kind !== 'dict') continue;
    // A cross-reference stream carries the trailer's keys, Encrypt among them.
    if (dict.entries.has('Encrypt')) throw new EncryptedError();
    reader.skipSpace();
    if (reader.regular() !== 'stream') continue;
    // The data begins after the end of the line `stream` is on (CR LF, LF or CR), whatever else is on
    // that line: pdf.js skips to the next line the same way.
    let start = reader.pos;
    while (start < bytes.length && bytes[start] !== 0x0a && bytes[start] !== 0x0d) start += 1;
    if (bytes[start] === 0x0d) start += 1;
    if (bytes[start] === 0x0a && bytes[start - 1] !== 0x0a) start += 1;
    const image = nameOf(dict.entries.get('Subtype')) === 'Image';
    const budget = image ? 4 * maxExpandedBytes - images : maxExpandedBytes - content;
    const earlyChange = earlyChangeOf(dict.entries.get('DecodeParms'));
    let measured = 0;
    try {
      for (const chain of chainsOf(dict.entries.get('Filter'), bytes, byRef))
        measured = Math.max(measured, await measureChain(bytes.subarray(start), chain, budget, earlyChange));
    } catch (error) {
      if (!(error instanceof BudgetExceeded)) throw error;
      measured = budget + 1;
    }
    if (image) images += measured;
    else content += measured;
    if (content > maxExpandedBytes)
      throw new ExpansionLimitError('size', maxExpandedBytes, content, 'the PDF\u2019s streams');
    if (images > 4 * maxExpandedBytes)
      throw new ExpansionLimitError('size', 4 * maxExpandedBytes, images, 'the PDF\u2019s images');
  }
}

interface Header {
  num: number;
  gen: number;
  valueAt: number;
}

const SPACE = String.raw`(?:[\x00\t\n\f\r ]|%[^\r\n]*[\r\n])+`;
const HEADER = new RegExp(String.raw`(?<![0-9])(\d{1,10})${SPACE}(\d{1,5})${SPACE}obj(?![A-Za-z0-9])`, 'g');

function objectHeaders(text: string): Header[] {
  const out: Header[] = [];
  for (const m of text.matchAll(HEADER))
    out.push({ num: Number(m[1]), gen: Number(m[2]), valueAt: m.index + m[0].length });
  return out;
}

/** Any trailer dictionary with an Encrypt key (names #-decoded, as pdf.js reads them). */
function trailerEncrypts(bytes: Uint8Array, text: string): boolean {
  for (const m of text.matchAll(/trailer/g)) {
    const value = new PdfReader(bytes, m.index + m[0].length).value();
    if (value.kind === 'dict' && value.entries.has('Encrypt')) return true;
  }
  return false;
}

function nameOf(value: PdfValue | undefined): string | undefined {
  return value?.kind === 'name' ? value.name : undefined;
}

function earlyChangeOf(parms: PdfValue | undefined): number {
  const dict = parms?.kind === 'array' ? parms.items[0] : parms;
  const v = dict?.kind === 'dict' ? dict.entries.get('EarlyChange') : undefined;
  return v?.kind === 'number' && v.value === 0 ? 0 : 1;
}

/** Every chain a common PDF expands with: what to try when a filter cannot be resolved here. */
const EVERY_CHAIN = [
  ['FlateDecode'],
  ['ASCII85Decode', 'FlateDecode'],
  ['ASCIIHexDecode', 'FlateDecode'],
  ['LZWDecode'],
  ['RunLengthDecode'],
];

function chainsOf(filter: PdfValue | undefined, bytes: Uint8Array, byRef: Map<string, number>): string[][] {
  const resolved = resolve(filter, bytes, byRef);
  if (resolved === undefined) return [];
  if (resolved === null) return EVERY_CHAIN;
  if (resolved.kind === 'name') return [[resolved.name]];
  if (resolved.kind === 'array') {
    const names = resolved.items.map((item) => resolve(item, bytes, byRef));
    if (names.some((n) => n === null || (n !== undefined && n.kind !== 'name'))) return EVERY_CHAIN;
    return [names.flatMap((n) => (n?.kind === 'name' ? [n.name] : []))];
  }
  return [];
}

/** A direct value, the value an indirect reference points at, or null when that cannot be found. */
function resolve(
  value: PdfValue | undefined,
  bytes: Uint8Array,
  byRef: Map<string, number>,
): PdfValue | null | undefined {
  if (value?.kind !== 'ref') return value;
  const at = byRef.get(`${value.num} ${value.gen}`);
  if (at === undefined) return null; // inside an object stream, or missing
  const target = new PdfReader(bytes, at).value();
  return target.kind === 'ref' ? null : target;
}
