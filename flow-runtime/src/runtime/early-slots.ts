import type { CompiledFlow } from '../graph/compile-flow';
import type { Language } from '../i18n';
import { extractSlot, type SlotResult, type SlotType } from '../nlu-bridge';
import type { RuntimeState, SlotValue } from './runtime-state';

/**
 * Slot types distinctive enough to take from an answer to another question. Numbers, yes/no and free text
 * are left out on purpose: "two" or "yes" in an answer about a name says nothing about a later question.
 */
export const EARLY_FILL_SLOT_TYPES: readonly SlotType[] = ['date', 'time', 'phone', 'email', 'choice'];

export interface EarlySlot {
  nodeId: string;
  variable: string;
  slot: SlotValue;
}

/**
 * Looks in the caller's utterance for answers to questions further along the flow (nearest first), so those
 * Ask nodes can skip their question. Each slot type fills at most one later question per utterance, and the
 * type the current question collects is left to it.
 */
export function findEarlySlots(
  flow: CompiledFlow,
  state: Readonly<RuntimeState>,
  currentNodeId: string,
  text: string,
  language: Language,
  now: number,
): EarlySlot[] {
  const ahead = flow.collectorsAhead(currentNodeId);
  if (ahead.length === 0) return [];
  const currentType = flow.collectors.get(currentNodeId)?.slotType;
  const usedTypes = new Set<SlotType>();
  const extracted = new Map<SlotType, SlotResult>();
  const found: EarlySlot[] = [];
  for (const nodeId of ahead) {
    const collector = flow.collectors.get(nodeId);
    if (!collector || collector.slotType === currentType || usedTypes.has(collector.slotType)) continue;
    if (state.earlySlots[nodeId] || state.slots[collector.variable]) continue;
    // Choices differ per question, so only other types share one extraction.
    let result = collector.slotType === 'choice' ? undefined : extracted.get(collector.slotType);
    if (!result) {
      result = extractSlot(collector.slotType, text, { language, now, ...collector.options });
      if (collector.slotType !== 'choice') extracted.set(collector.slotType, result);
    }
    if (!result.ok) continue;
    if (collector.slotType !== 'choice') usedTypes.add(collector.slotType);
    found.push({ nodeId, variable: collector.variable, slot: { value: result.value, display: result.display, nodeId } });
  }
  return found;
}
