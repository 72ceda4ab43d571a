/**
 * The pseudo locale: English with every letter accented, each string in brackets and its vowels doubled (about
 * 30% longer, as Russian runs against English). A page in it shows at a glance which words skipped the
 * dictionaries (plain Latin letters remain), and which boxes clip longer copy. Formats (plurals, numbers, dates)
 * stay English: the pseudo locale is `en` with another dictionary, so no `'en' | 'ru'` choice in the app changes.
 */
const PLAIN = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
const ACCENTED = [...'åƀçðéƒĝĥîĵķļɱñöþǫŕšţûṽŵẋýžÅƁÇÐÉƑĜĤÎĴĶĻṀÑÖÞǪŔŠŢÛṼŴẊÝŽ'];
const VOWELS = 'aeiouyAEIOUY';

/** `{name}` and `{{variable}}` placeholders pass through untouched: they are filled in after the lookup. */
const PLACEHOLDER = /(\{\{?\w[\w.]*\}?\})/;

function accent(letter: string): string {
  const accented = ACCENTED[PLAIN.indexOf(letter)] ?? letter;
  return VOWELS.includes(letter) ? accented + accented : accented;
}

export function pseudoize(text: string): string {
  if (!text) return text;
  const body = text
    .split(PLACEHOLDER)
    .map((part, i) => (i % 2 === 1 ? part : part.replace(/[A-Za-z]/g, accent)))
    .join('');
  return `[${body}]`;
}
