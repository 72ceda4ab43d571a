import type { Flow } from '../graph/flow-schema';
import type { JsonValue } from '../json';
import type { RuntimeState } from './runtime-state';

/** The state of a call before its first turn: declared variables at their defaults, nothing said yet. */
export function initialState(
  flow: Flow,
  caller: RuntimeState['caller'] = {},
  given: Record<string, string> = {},
): RuntimeState {
  const variables: Record<string, JsonValue> = {};
  for (const variable of flow.variables) variables[variable.name] = variable.default ?? null;
  Object.assign(variables, given);
  return {
    stateVersion: 1,
    currentNodeId: null,
    waitingFor: null,
    variables,
    slots: {},
    earlySlots: {},
    nodeMemory: {},
    transcript: [],
    lastPrompt: null,
    lastListen: null,
    lastUtterance: null,
    turn: 0,
    ended: false,
    endReason: null,
    language: flow.settings.language,
    caller: { ...caller },
  };
}
