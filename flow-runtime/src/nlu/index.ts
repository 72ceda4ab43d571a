// Embedded natural-language engine used when no LLM is configured: slot extraction, intent
// matching and language detection for Russian and English, with no IO and no dependencies.
export {
  extractDtmfSlot,
  extractSlot,
  findSlotsInText,
  type SlotOptions,
  type SlotResult,
  type SlotType,
} from './extract-slot';
export {
  INTENT_THRESHOLD,
  type IntentDef,
  type IntentMatch,
  isStopword,
  matchIntent,
  scoreIntents,
} from './intent';
export { detectLanguage } from './language';
export { normalize, prepare, tokenize } from './normalize';
export { stemRu } from './stem-ru';
export { stemEn } from './stem-en';
export { stem } from './stem';
export { dice, levenshtein, similarity, trigrams, wordSimilarity } from './fuzzy';
export { parseCardinal, parseGroup, parseOrdinal, ordinalWord, numberWord } from './number-words';
