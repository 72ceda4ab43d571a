import type { SlotType } from '../nlu-bridge';

/**
 * Slot types distinctive enough to take from an answer to another question. Numbers, yes/no and free text
 * are left out on purpose: "two" or "yes" in an answer about a name says nothing about a later question.
 */
export const EARLY_FILL_SLOT_TYPES: readonly SlotType[] = ['date', 'time', 'phone', 'email', 'choice'];
