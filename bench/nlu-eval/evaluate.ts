// Runs the labelled phrases through what the demo receptionist's turn does with an answer: global handlers
// first (a person, please), then the question's own slot (the menu's choices, or yes/no).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { flowSettingsSchema } from '../../flow-runtime/src/graph/flow-settings';
import { extractSlot } from '../../flow-runtime/src/nlu/index';
import { matchGlobalHandler } from '../../flow-runtime/src/runtime/global-handlers';
import { LABELLED_PHRASES, type Label, type LabelledPhrase } from './labelled-phrases';

/** The Russian menu is the demo receptionist's own (its template); the English one mirrors it. */
const template = JSON.parse(
  readFileSync(join(import.meta.dirname, '../../app/agent-templates/demo-receptionist.ru.json'), 'utf8'),
) as { nodes: { id: string; data: { choices?: { value: string; synonyms: string[] }[] } }[] };
const demoChoices = template.nodes.find((n) => n.id === 'menu')?.data.choices ?? [];
const AS_LABEL: Record<string, string> = { запись: 'booking', часы: 'hours' };
const MENU = {
  ru: demoChoices.map((c) => ({ value: AS_LABEL[c.value] ?? c.value, synonyms: [c.value, ...c.synonyms] })),
  en: [
    { value: 'booking', synonyms: ['appointment', 'book', 'booking', 'see a doctor'] },
    { value: 'hours', synonyms: ['hours', 'opening hours', 'when are you open'] },
  ],
};
const settings = flowSettingsSchema.parse({}).globalHandlers;
const NOW = Date.UTC(2026, 11, 7, 10);

export function classify(phrase: LabelledPhrase): Label {
  const global = matchGlobalHandler(phrase.text, settings, phrase.language);
  if (global === 'operator') return 'operator';
  if (global) return null; // stop calling / repeat: not what this set asks about
  const options = {
    language: phrase.language,
    now: NOW,
    timeZone: 'Europe/Moscow',
    choices: MENU[phrase.language],
  };
  if (phrase.at === 'confirm') {
    const answer = extractSlot('yes_no', phrase.text, options);
    return answer.ok ? (answer.value === true ? 'yes' : 'no') : null;
  }
  const choice = extractSlot('choice', phrase.text, options);
  // "First" / "one" name the menu's items by position.
  return choice.ok ? (String(choice.value) as Label) : null;
}

export interface NluScore {
  phrases: number;
  accuracy: number;
  /** Off-topic or wrong-answer phrases that were accepted as something else: the costly mistake. */
  falseAccepts: number;
  /** On-topic phrases rejected (the caller is asked again). */
  rejects: number;
  misses: { text: string; expected: Label; got: Label }[];
}

export function evaluate(language: 'ru' | 'en'): NluScore {
  const phrases = LABELLED_PHRASES.filter((p) => p.language === language);
  let correct = 0;
  let falseAccepts = 0;
  let rejects = 0;
  const misses: NluScore['misses'] = [];
  for (const phrase of phrases) {
    const got = classify(phrase);
    if (got === phrase.label) correct += 1;
    else {
      misses.push({ text: phrase.text, expected: phrase.label, got });
      if (got === null) rejects += 1;
      else falseAccepts += 1;
    }
  }
  return { phrases: phrases.length, accuracy: correct / phrases.length, falseAccepts, rejects, misses };
}
