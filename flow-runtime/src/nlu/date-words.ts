// Month and weekday vocabularies for date parsing (Russian case forms and abbreviations, English
// names). "may" is a month only next to a day number, which the date parser enforces.

const MONTHS = new Map<string, number>();
const RU_MONTHS: string[][] = [
  ['январь', 'января', 'январе', 'январю', 'январем', 'янв'],
  ['февраль', 'февраля', 'феврале', 'февралю', 'февралем', 'фев', 'февр'],
  ['март', 'марта', 'марте', 'марту', 'мартом', 'мар'],
  ['апрель', 'апреля', 'апреле', 'апрелю', 'апрелем', 'апр'],
  ['май', 'мая', 'мае', 'маю', 'маем'],
  ['июнь', 'июня', 'июне', 'июню', 'июнем', 'июн'],
  ['июль', 'июля', 'июле', 'июлю', 'июлем', 'июл'],
  ['август', 'августа', 'августе', 'августу', 'августом', 'авг'],
  ['сентябрь', 'сентября', 'сентябре', 'сентябрю', 'сентябрем', 'сен', 'сент'],
  ['октябрь', 'октября', 'октябре', 'октябрю', 'октябрем', 'окт'],
  ['ноябрь', 'ноября', 'ноябре', 'ноябрю', 'ноябрем', 'ноя', 'нояб'],
  ['декабрь', 'декабря', 'декабре', 'декабрю', 'декабрем', 'дек'],
];
const EN_MONTHS: string[][] = [
  ['january', 'jan'],
  ['february', 'feb'],
  ['march', 'mar'],
  ['april', 'apr'],
  ['may'],
  ['june', 'jun'],
  ['july', 'jul'],
  ['august', 'aug'],
  ['september', 'sep', 'sept'],
  ['october', 'oct'],
  ['november', 'nov'],
  ['december', 'dec'],
];
for (const list of [RU_MONTHS, EN_MONTHS])
  list.forEach((forms, i) => forms.forEach((f) => MONTHS.set(f, i + 1)));

export function monthWord(word: string): number | undefined {
  return MONTHS.get(word);
}

const WEEKDAYS = new Map<string, number>();
const RU_WEEKDAYS: string[][] = [
  ['понедельник', 'понедельника', 'понедельнику', 'понедельнике', 'понедельником'],
  ['вторник', 'вторника', 'вторнику', 'вторнике', 'вторником'],
  ['среда', 'среду', 'среды', 'среде', 'средой'],
  ['четверг', 'четверга', 'четвергу', 'четверге', 'четвергом'],
  ['пятница', 'пятницу', 'пятницы', 'пятнице', 'пятницей'],
  ['суббота', 'субботу', 'субботы', 'субботе', 'субботой'],
  ['воскресенье', 'воскресенья', 'воскресенью', 'воскресеньем'],
];
const EN_WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
RU_WEEKDAYS.forEach((forms, i) => forms.forEach((f) => WEEKDAYS.set(f, i)));
EN_WEEKDAYS.forEach((f, i) => WEEKDAYS.set(f, i));

/** Monday = 0 … Sunday = 6. */
export function weekdayWord(word: string): number | undefined {
  return WEEKDAYS.get(word);
}

/** Day offsets of single relative words. */
export const RELATIVE_DAYS: Record<string, number> = {
  сегодня: 0,
  завтра: 1,
  послезавтра: 2,
  вчера: -1,
  позавчера: -2,
  today: 0,
  tonight: 0,
  tomorrow: 1,
  yesterday: -1,
};

/** Unit words after "через N" / "in N": days per unit, or 'month'/'year'. */
export const PERIOD_UNITS: Record<string, number | 'month' | 'year'> = {
  день: 1,
  дня: 1,
  дней: 1,
  сутки: 1,
  суток: 1,
  неделю: 7,
  недели: 7,
  недель: 7,
  неделя: 7,
  месяц: 'month',
  месяца: 'month',
  месяцев: 'month',
  год: 'year',
  года: 'year',
  лет: 'year',
  day: 1,
  days: 1,
  week: 7,
  weeks: 7,
  fortnight: 14,
  month: 'month',
  months: 'month',
  year: 'year',
  years: 'year',
};
