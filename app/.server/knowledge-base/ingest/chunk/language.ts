/**
 * Per-chunk language, so search uses the matching PostgreSQL text-search configuration (stemming and stop
 * words). Script decides Russian vs Latin; stop words break ties in mixed text (a Russian price list full
 * of Latin brand names is still Russian).
 */
export type ChunkLanguage = 'ru' | 'en' | 'unknown';
export type TextSearchConfig = 'russian' | 'english' | 'simple';

const RU_STOP = new Set(
  'и в во не что он на я с со как а то все она так его но да ты к у же вы за бы по только ее мне было вот от меня еще нет о из ему теперь когда даже ну вдруг ли если уже или ни быть был него до вас нибудь опять уж вам ведь там потом себя ничего ей может они тут где есть надо ней для мы тебя их чем была сам чтобы без будто чего раз тоже себе под будет ж тогда кто этот того потому этого какой совсем ним здесь этом один почти мой тем чтобы нее сейчас были куда зачем всех никогда можно при наконец два об другой хоть после над больше тот через эти нас про всего них какая много разве три эту моя впрочем хорошо свою этой перед иногда лучше чуть том нельзя такой им более всегда конечно всю между'.split(
    ' ',
  ),
);
const EN_STOP = new Set(
  'the a an and or of to in on for with at by from is are was were be been it this that these those as not no can will would you your we our they their he she his her its if then than so do does did have has had which who what when where how all any each more most other some such only own same too very just but also into about over after before under up down out'.split(
    ' ',
  ),
);

export function detectChunkLanguage(text: string): ChunkLanguage {
  let cyr = 0;
  let lat = 0;
  for (const ch of text) {
    if (ch >= '\u0400' && ch <= '\u04ff') cyr += 1;
    else if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z')) lat += 1;
  }
  if (cyr + lat === 0) return 'unknown';
  let ruStop = 0;
  let enStop = 0;
  for (const word of text.toLowerCase().split(/[^\p{L}]+/u)) {
    if (RU_STOP.has(word)) ruStop += 1;
    else if (EN_STOP.has(word)) enStop += 1;
  }
  // A stop word is worth a short word's letters: it says "running text in this language".
  return cyr + ruStop * 20 >= lat + enStop * 20 ? 'ru' : 'en';
}

export function textSearchConfigFor(language: ChunkLanguage): TextSearchConfig {
  return language === 'ru' ? 'russian' : language === 'en' ? 'english' : 'simple';
}
