/**
 * The one place the runtime imports the embedded NLU from (owned by its own module in ./nlu), so the
 * runtime depends only on the contract: slot extraction, intent matching, language detection, and
 * findSlotsInText (several slot types from one utterance, each span claimed once) for out-of-order slots.
 */
export {
  extractSlot,
  extractDtmfSlot,
  findSlotsInText,
  matchIntent,
  scoreIntents,
  isStopword,
  tokenize,
  stem,
  detectLanguage,
  type SlotType,
  type SlotOptions,
  type SlotResult,
  type IntentDef,
  type IntentMatch,
} from './nlu/index';
