/**
 * The one place the runtime imports the embedded NLU from (owned by its own module in ./nlu), so the
 * runtime depends only on the contract: slot extraction, intent matching, language detection.
 */
export {
  extractSlot,
  extractDtmfSlot,
  matchIntent,
  detectLanguage,
  type SlotType,
  type SlotOptions,
  type SlotResult,
  type IntentDef,
  type IntentMatch,
} from './nlu/index';
