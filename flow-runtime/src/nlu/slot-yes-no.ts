// yes/no slot. Rules, in order:
//  * fixed phrases first ("нет проблем", "почему бы и нет", "no problem", "why not" are yes;
//    "не знаю", "not sure" are undecided);
//  * "не"/"not" + word is a no ("не надо", "не совсем", "not really"), except "не против";
//  * the Russian particle "да" right before "нет"/"не" ("да нет, не надо") is not a yes;
//  * a strong yes and a no together ("нет, да") is ambiguous -> ok:false so the flow re-asks;
//  * weak agreement words ("конечно", "sure") lose to any no ("конечно нет").
import { type FindContext, type Found, spanOf } from './found';
import { adjacent, type Tok } from './normalize';

const STRONG_YES = new Set([
  'да',
  'ага',
  'угу',
  'ага',
  'верно',
  'правильно',
  'точно',
  'именно',
  'согласен',
  'согласна',
  'согласны',
  'подтверждаю',
  'подтверждаем',
  'подтвердить',
  'yes',
  'yeah',
  'yep',
  'yup',
  'yea',
  'ya',
  'aye',
  'correct',
  'right',
  'affirmative',
  'confirm',
  'confirmed',
  'ес',
  'йес',
  'дада',
]);
const WEAK_YES = new Set([
  'конечно',
  'разумеется',
  'естественно',
  'хорошо',
  'ладно',
  'давайте',
  'давай',
  'окей',
  'ок',
  'ok',
  'okay',
  'безусловно',
  'отлично',
  'супер',
  'годится',
  'подходит',
  'устраивает',
  'можно',
  'хочу',
  'нужно',
  'надо',
  'валяй',
  'sure',
  'fine',
  'alright',
  'absolutely',
  'definitely',
  'certainly',
  'agreed',
  'great',
  'perfect',
  'please',
  'course',
  'положительно',
  'lets',
]);
const NO = new Set([
  'нет',
  'неа',
  'нету',
  'ни',
  'отказываюсь',
  'никогда',
  'неверно',
  'неправильно',
  'нельзя',
  'отказ',
  'no',
  'nope',
  'nah',
  'negative',
  'never',
  'incorrect',
  'wrong',
  'нее',
  'ноу',
]);
const UNSURE = new Set(['наверное', 'возможно', 'может', 'maybe', 'perhaps', 'probably']);
const NEGATORS = new Set([
  'не',
  'not',
  'dont',
  'doesnt',
  'isnt',
  'wont',
  'cant',
  'cannot',
  'didnt',
  'arent',
  'wasnt',
  'shouldnt',
  'wouldnt',
]);

// Phrases are matched on space-joined tokens; the longest listed phrase wins over its parts.
type Verdict = 'yes' | 'no' | 'unsure';
const PHRASE_LIST: [string, Verdict][] = [
  ['нет проблем', 'yes'],
  ['без проблем', 'yes'],
  ['почему бы и нет', 'yes'],
  ['почему нет', 'yes'],
  ['не вопрос', 'yes'],
  ['не против', 'yes'],
  ['само собой', 'yes'],
  ['так точно', 'yes'],
  ['еще бы', 'yes'],
  ['no problem', 'yes'],
  ['not a problem', 'yes'],
  ['no worries', 'yes'],
  ['why not', 'yes'],
  ['dont mind', 'yes'],
  ['do not mind', 'yes'],
  ['of course', 'yes'],
  ['sounds good', 'yes'],
  ['go ahead', 'yes'],
  ['that is right', 'yes'],
  ['не знаю', 'unsure'],
  ['не уверен', 'unsure'],
  ['не уверена', 'unsure'],
  ['не помню', 'unsure'],
  ['не понял', 'unsure'],
  ['не поняла', 'unsure'],
  ['может быть', 'unsure'],
  ['not sure', 'unsure'],
  ['dont know', 'unsure'],
  ['do not know', 'unsure'],
  ['no idea', 'unsure'],
  ['may be', 'unsure'],
  ['rather not', 'no'],
  ['ни в коем случае', 'no'],
  ['no way', 'no'],
  ['no thanks', 'no'],
  ['no thank you', 'no'],
];
const PHRASES = [...PHRASE_LIST].sort((a, b) => b[0].length - a[0].length);

export function findYesNo(ctx: FindContext): Found | null {
  const toks: Tok[] = ctx.toks.filter((t) => t.kind === 'word');
  let strongYes = 0;
  let weakYes = 0;
  let no = 0;
  let unsure = 0;
  let first = -1;
  let last = -1;
  const mark = (a: number, b: number): void => {
    if (first < 0 || a < first) first = a;
    if (b > last) last = b;
  };
  for (let i = 0; i < toks.length;) {
    const phrase = PHRASES.find(([p]) => p.split(' ').every((w, k) => toks[i + k]?.t === w));
    if (phrase) {
      const n = phrase[0].split(' ').length;
      if (phrase[1] === 'yes') strongYes++;
      else if (phrase[1] === 'no') no++;
      else unsure++;
      mark(i, i + n);
      i += n;
      continue;
    }
    const t = toks[i]!.t;
    if (NEGATORS.has(t)) {
      // Negator + anything (or alone) is a refusal: "не надо", "не совсем", "not really".
      no++;
      mark(i, i + 2);
      i += toks[i + 1] && (STRONG_YES.has(toks[i + 1]!.t) || WEAK_YES.has(toks[i + 1]!.t)) ? 2 : 1;
      continue;
    }
    if (
      t === 'да' &&
      (toks[i + 1]?.t === 'нет' || toks[i + 1]?.t === 'не') &&
      adjacentWords(ctx, toks[i]!, toks[i + 1]!)
    ) {
      i++;
      continue;
    }
    if (STRONG_YES.has(t)) strongYes++;
    else if (WEAK_YES.has(t)) weakYes++;
    else if (NO.has(t)) no++;
    else if (UNSURE.has(t)) unsure++;
    else {
      i++;
      continue;
    }
    mark(i, i + 1);
    i++;
  }
  let value: boolean | undefined;
  if (strongYes > 0 && no > 0) value = undefined;
  else if (no > 0) value = false;
  else if (strongYes > 0 || (weakYes > 0 && unsure === 0)) value = true;
  if (value === undefined) return null;
  const display = ctx.language === 'ru' ? (value ? 'да' : 'нет') : value ? 'yes' : 'no';
  const span = spanOf(toks, first, last);
  return { value, display, ...span };
}

/** Two words separated only by spaces (no comma): "да нет" is an idiom, "да, нет" is not. */
function adjacentWords(ctx: FindContext, a: Tok, b: Tok): boolean {
  return adjacent(a, b) || /^\s+$/.test(ctx.text.slice(a.end, b.start));
}
