import type { GlobalHandlersSettings } from '../graph/flow-settings';
import type { Language } from '../i18n';
import { matchIntent, type IntentDef } from '../nlu-bridge';

export type GlobalHandlerName = 'operator' | 'stop_calling' | 'repeat';

/** Phrases that work in every flow; a flow's own phrases are added to these, never replace them. */
export const builtInGlobalPhrases: Record<GlobalHandlerName, Record<Language, string[]>> = {
  operator: {
    ru: [
      'оператора',
      'позовите оператора',
      'соедините с оператором',
      'переключите на оператора',
      'хочу поговорить с человеком',
      'соедините с человеком',
      'позовите живого человека',
      'соедините с менеджером',
      'дайте администратора',
      'поговорить с менеджером',
    ],
    en: [
      'operator',
      'operator please',
      'connect me to an operator',
      'talk to a human',
      'speak to a real person',
      'representative please',
      'transfer me to an agent',
      'connect me to a real person',
      'speak to someone',
      'get me a manager',
    ],
  },
  stop_calling: {
    ru: [
      'не звоните мне больше',
      'больше не звоните',
      'перестаньте мне звонить',
      'удалите мой номер',
      'не звоните сюда',
    ],
    en: [
      'stop calling me',
      "don't call me again",
      'do not call me',
      'remove me from your list',
      'take me off your list',
    ],
  },
  repeat: {
    ru: ['повторите пожалуйста', 'повторите', 'что вы сказали', 'я не расслышал', 'повторите еще раз'],
    en: ['repeat that', 'can you repeat', 'say that again', 'what did you say', 'pardon me'],
  },
};

const cache = new WeakMap<GlobalHandlersSettings, Map<Language, IntentDef[]>>();

function intentsFor(settings: GlobalHandlersSettings, language: Language): IntentDef[] {
  let byLanguage = cache.get(settings);
  if (!byLanguage) {
    byLanguage = new Map();
    cache.set(settings, byLanguage);
  }
  const known = byLanguage.get(language);
  if (known) return known;
  const configured: Record<
    GlobalHandlerName,
    { enabled: boolean; phrases?: { ru?: string[]; en?: string[] } }
  > = {
    operator: settings.operator,
    stop_calling: settings.stopCalling,
    repeat: settings.repeat,
  };
  const intents = (Object.keys(configured) as GlobalHandlerName[])
    .filter((name) => configured[name].enabled)
    .map((name) => ({
      name,
      examples: [...builtInGlobalPhrases[name][language], ...(configured[name].phrases?.[language] ?? [])],
    }));
  byLanguage.set(language, intents);
  return intents;
}

export function matchGlobalHandler(
  text: string,
  settings: GlobalHandlersSettings,
  language: Language,
): GlobalHandlerName | null {
  if (!text.trim()) return null;
  const intents = intentsFor(settings, language);
  if (intents.length === 0) return null;
  const match = matchIntent(text, intents, language);
  // Stricter than the NLU's own threshold: a false "stop calling me" on "call me later" costs a customer.
  if (!match || match.score < settings.minScore) return null;
  return match.name as GlobalHandlerName;
}
