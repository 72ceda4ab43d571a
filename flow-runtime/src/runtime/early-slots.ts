import type { CompiledFlow } from '../graph/compile-flow';
import type { Language } from '../i18n';
import { extractSlot, findSlotsInText, type SlotType } from '../nlu-bridge';
import type { RuntimeState, SlotValue } from './runtime-state';

export { EARLY_FILL_SLOT_TYPES } from './early-fill-slot-types';

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
  const pending = ahead.filter((nodeId) => {
    const collector = flow.collectors.get(nodeId);
    return (
      collector?.acceptsEarlyAnswer &&
      collector.slotType !== currentType &&
      !state.earlySlots[nodeId] &&
      !state.slots[collector.variable]
    );
  });
  if (pending.length === 0) return [];
  // One pass over the text for all types, the current question's type included, so each span is claimed
  // once: in "12 марта" the 12 belongs to the date, not to a later question about the time.
  const types = new Set<SlotType>(
    pending.map((nodeId) => flow.collectors.get(nodeId)?.slotType ?? 'free_text'),
  );
  if (currentType) types.add(currentType);
  types.delete('choice');
  const inText = findSlotsInText([...types], text, { language, now });
  const usedTypes = new Set<SlotType>();
  const found: EarlySlot[] = [];
  for (const nodeId of pending) {
    const collector = flow.collectors.get(nodeId);
    if (!collector || usedTypes.has(collector.slotType)) continue;
    // Choices differ per question, so each choice question looks for its own options.
    const result =
      collector.slotType === 'choice'
        ? extractSlot('choice', text, { language, now, ...collector.options })
        : { ok: inText[collector.slotType] !== undefined, ...inText[collector.slotType] };
    if (!result.ok || result.value === undefined || result.display === undefined) continue;
    if (collector.slotType !== 'choice') usedTypes.add(collector.slotType);
    found.push({
      nodeId,
      variable: collector.variable,
      slot: { value: result.value, display: result.display, nodeId },
    });
  }
  return found;
}
