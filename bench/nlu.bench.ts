// Embedded NLU: latency (intent matching over 50 intents x 10 examples, slot extraction) and quality on a
// labelled set of caller phrases (bench/nlu-eval: 60 Russian, 60 English; accuracy and false accepts).
// Prints progress lines, then one JSON line of figures.
import { performance } from 'node:perf_hooks';
import { extractSlot, type IntentDef, matchIntent, type SlotType } from '../flow-runtime/src/nlu/index';
import { evaluate } from './nlu-eval/evaluate';

const TOPICS = [
  'заказ',
  'доставка',
  'оплата',
  'возврат',
  'оператор',
  'адрес',
  'цена',
  'скидка',
  'карта',
  'баланс',
  'тариф',
  'интернет',
  'телефон',
  'запись',
  'врач',
  'анализ',
  'справка',
  'пароль',
  'аккаунт',
  'договор',
  'счет',
  'кредит',
  'вклад',
  'страховка',
  'билет',
  'рейс',
  'багаж',
  'отель',
  'номер',
  'такси',
];
const VERBS = [
  'хочу узнать про',
  'проблема с',
  'вопрос по',
  'помогите с',
  'где мой',
  'отменить',
  'изменить',
  'оформить',
  'проверить',
  'сколько стоит',
];

function buildIntents(): IntentDef[] {
  const intents: IntentDef[] = [];
  for (let i = 0; i < 50; i++) {
    const topic = TOPICS[i % TOPICS.length]!;
    const extra = TOPICS[(i * 7 + 3) % TOPICS.length]!;
    const examples = VERBS.map((v, k) => `${v} ${topic}${k % 3 === 0 ? ` и ${extra}` : ''}`);
    intents.push({ name: `intent_${i}`, examples });
  }
  return intents;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function timeIt(label: string, n: number, fn: (i: number) => void): number[] {
  for (let i = 0; i < Math.min(200, n); i++) fn(i); // warm-up (JIT, caches)
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    fn(i);
    out.push(performance.now() - t0);
  }
  out.sort((a, b) => a - b);
  console.log(
    `${label}: n=${n} p50=${percentile(out, 50).toFixed(4)}ms p99=${percentile(out, 99).toFixed(4)}ms`,
  );
  return out;
}

const intents = buildIntents();
const queries = [
  'здравствуйте, я хочу узнать про доставку моего заказа',
  'оператора позовите',
  'проблема с оплатой картой',
  'сколько стоит тариф интернет',
  'где мой багаж',
  'какая сегодня погода',
  'атменить запись к врачу',
  'помогите с паролем от аккаунта пожалуйста',
];
console.log(`intents: ${intents.length} x ${intents[0]!.examples.length} examples`);
const t0 = performance.now();
matchIntent('первый запрос', intents, 'ru');
console.log(`index build + first match: ${(performance.now() - t0).toFixed(2)}ms`);
let matched = 0;
const intentTimes = timeIt('matchIntent', 5000, (i) => {
  if (matchIntent(queries[i % queries.length]!, intents, 'ru')) matched++;
});
console.log(`matched ${matched} of 5000 queries`);

const slotCases: [SlotType, string][] = [
  ['number', 'нас будет двадцать пять человек'],
  ['date', 'давайте двадцать пятого марта'],
  ['time', 'в половине четвёртого'],
  ['phone', 'восемь девятьсот девяносто девять сто двадцать три сорок пять шестьдесят семь'],
  ['email', 'ivan собака mail точка ru'],
  ['yes_no', 'да нет, наверное не надо'],
  ['choice', 'давайте синий'],
];
const options = {
  language: 'ru' as const,
  now: Date.UTC(2025, 2, 3, 10),
  timeZone: 'Europe/Moscow',
  choices: [
    { value: 'красный', synonyms: [] },
    { value: 'синий', synonyms: ['голубой'] },
  ],
};
const slotTimes = timeIt('extractSlot', 7000, (i) => {
  const [type, text] = slotCases[i % slotCases.length]!;
  extractSlot(type, text, options);
});

const quality = { ru: evaluate('ru'), en: evaluate('en') };
for (const [language, score] of Object.entries(quality)) {
  console.log(
    `${language}: ${score.phrases} phrases, accuracy ${(score.accuracy * 100).toFixed(1)}%, false accepts ${score.falseAccepts}, rejected ${score.rejects}`,
  );
  for (const miss of score.misses)
    console.log(`  miss: "${miss.text}" expected ${miss.expected} got ${miss.got}`);
}

console.log(
  JSON.stringify({
    bench: 'nlu',
    ru_phrases: quality.ru.phrases,
    ru_accuracy_pct: Number((quality.ru.accuracy * 100).toFixed(1)),
    ru_false_accepts: quality.ru.falseAccepts,
    en_phrases: quality.en.phrases,
    en_accuracy_pct: Number((quality.en.accuracy * 100).toFixed(1)),
    en_false_accepts: quality.en.falseAccepts,
    intents: intents.length,
    examples_per_intent: intents[0]!.examples.length,
    match_intent_p50_ms: Number(percentile(intentTimes, 50).toFixed(4)),
    match_intent_p99_ms: Number(percentile(intentTimes, 99).toFixed(4)),
    extract_slot_p50_ms: Number(percentile(slotTimes, 50).toFixed(4)),
    extract_slot_p99_ms: Number(percentile(slotTimes, 99).toFixed(4)),
  }),
);
