import type { Localized } from '../i18n';

/** Prompts the runtime speaks when the flow author did not write one. */
export const builtInPrompts = {
  noMatch: { ru: 'Извините, я не понял.', en: "Sorry, I didn't get that." },
  noInput: { ru: 'Вы меня слышите?', en: 'Are you still there?' },
  agentDidNotUnderstand: {
    ru: 'Извините, я не совсем понял. Можете сказать иначе?',
    en: "Sorry, I didn't quite understand. Could you put it another way?",
  },
  goodbyeDnc: {
    ru: 'Хорошо, мы больше не будем вам звонить. До свидания.',
    en: "Understood, we won't call you again. Goodbye.",
  },
  transferring: { ru: 'Соединяю с оператором.', en: 'Connecting you to an operator.' },
  dontKnowOfferPerson: {
    ru: 'Я не знаю точного ответа на этот вопрос. Соединить вас с сотрудником?',
    en: "I don't know the answer to that. Would you like me to connect you to a person?",
  },
  noOperator: {
    ru: 'К сожалению, сейчас я не могу соединить вас с сотрудником. Давайте продолжим.',
    en: "I'm sorry, I can't connect you to a person right now. Let's carry on.",
  },
  nothingToRepeat: { ru: 'Слушаю вас.', en: "I'm listening." },
} satisfies Record<string, Localized>;
