import type { CallEvent, Ports } from '#flow-runtime/index';
import type { ConversationStore, TurnOutput } from './conversation-store.ts';

/**
 * One turn of a stored call with fixed ports: load the state, run the flow, save with compare-and-set.
 * Throws ConversationNotFoundError for an unknown or expired call, ConversationBusyError when other
 * processes kept winning the race for it. Callers whose ports depend on the flow use `store.handle`.
 */
export function runStoredTurn(
  store: ConversationStore,
  callId: string,
  event: CallEvent,
  ports: Ports,
): Promise<TurnOutput> {
  return store.handle(callId, event, () => ports);
}
