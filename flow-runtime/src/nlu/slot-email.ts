// Email slot: written addresses and dictated ones ("ivan собака mail точка ru",
// "john at example dot com"). Spoken symbols become characters, spaces around them collapse, and
// Cyrillic dictation of Latin parts ("иван собака мейл точка ру") is transliterated.
import { type FindContext, type Found } from './found';

const SYMBOL_WORDS: [string[], string][] = [
  [['собака', 'собачка', 'собаку', 'at', 'эт'], '@'],
  [['точка', 'dot', 'дот'], '.'],
  [['нижнее подчеркивание', 'подчеркивание', 'подчеркивания', 'underscore'], '_'],
  [['дефис', 'тире', 'hyphen', 'dash'], '-'],
];
const SYMBOL_RES: [RegExp, string][] = SYMBOL_WORDS.map(([words, ch]) => [
  new RegExp(`(?<=\\s)(?:${words.join('|')})(?=\\s)`, 'g'),
  ch,
]);

// Common dictated domain parts. Anything else Cyrillic is transliterated letter by letter.
const KNOWN: Record<string, string> = {
  ру: 'ru',
  рф: 'рф',
  ком: 'com',
  нет: 'net',
  орг: 'org',
  инфо: 'info',
  мейл: 'mail',
  мэйл: 'mail',
  майл: 'mail',
  мейлру: 'mailru',
  яндекс: 'yandex',
  гмейл: 'gmail',
  гмайл: 'gmail',
  джимейл: 'gmail',
  рамблер: 'rambler',
  бк: 'bk',
  лист: 'list',
  инбокс: 'inbox',
  аутлук: 'outlook',
  хотмейл: 'hotmail',
  йахуу: 'yahoo',
  яху: 'yahoo',
  айклауд: 'icloud',
  эппл: 'apple',
  ио: 'io',
  су: 'su',
  уа: 'ua',
  кз: 'kz',
  бай: 'by',
  бу: 'by',
};
const TRANSLIT: Record<string, string> = {
  а: 'a',
  б: 'b',
  в: 'v',
  г: 'g',
  д: 'd',
  е: 'e',
  ж: 'zh',
  з: 'z',
  и: 'i',
  й: 'y',
  к: 'k',
  л: 'l',
  м: 'm',
  н: 'n',
  о: 'o',
  п: 'p',
  р: 'r',
  с: 's',
  т: 't',
  у: 'u',
  ф: 'f',
  х: 'kh',
  ц: 'ts',
  ч: 'ch',
  ш: 'sh',
  щ: 'shch',
  ъ: '',
  ы: 'y',
  ь: '',
  э: 'e',
  ю: 'yu',
  я: 'ya',
};

function translitLabel(label: string): string {
  if (!/[а-я]/.test(label)) return label;
  const known = KNOWN[label];
  if (known !== undefined) return known;
  return [...label].map((c) => TRANSLIT[c] ?? c).join('');
}

const EMAIL_RE = /[a-zа-я0-9][a-zа-я0-9._%+-]*@[a-zа-я0-9-]+(?:\.[a-zа-я0-9-]+)*\.[a-zа-я]{2,}/;

export function findEmail(ctx: FindContext): Found | null {
  // Written form first: spans stay exact.
  const direct = /[a-z0-9][a-z0-9._%+-]*@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}/.exec(ctx.text);
  if (direct) {
    const v = direct[0];
    return { value: v, display: v, start: direct.index, end: direct.index + v.length };
  }
  let s = ` ${ctx.text
    .replace(/[,;!?]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()} `;
  for (const [re, ch] of SYMBOL_RES) s = s.replace(re, ch);
  s = s.replace(/\s*([@._-])\s*/g, '$1');
  const m = EMAIL_RE.exec(s);
  if (!m) return null;
  const [local = '', domain = ''] = m[0].split('@');
  const value = `${local.split('.').map(translitLabel).join('.')}@${domain.split('.').map(translitLabel).join('.')}`;
  if (!/^[a-z0-9._%+-]+@[a-z0-9.-]+\.[a-zа-я]{2,}$/.test(value)) return null;
  // Spoken forms cannot map back to exact offsets after rewriting; claim the whole utterance.
  return { value, display: value, start: 0, end: ctx.text.length };
}
