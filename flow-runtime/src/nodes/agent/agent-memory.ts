import type { JsonValue } from '../../json';

/** An agent's memory between turns: counters and a short chat history for the model. */
export interface AgentMemory {
  turns: number;
  noInput: number;
  history: { role: 'user' | 'assistant'; content: string }[];
  /** The last reply offered a person; a "yes" now goes where "a person, please" goes. */
  offeredPerson?: boolean;
}

/** Enough context for the model without letting the prompt grow with the call. */
export const HISTORY_LIMIT = 12;

export function readAgentMemory(memory: JsonValue | undefined): AgentMemory {
  if (!memory || typeof memory !== 'object' || Array.isArray(memory))
    return { turns: 0, noInput: 0, history: [] };
  const history: AgentMemory['history'] = [];
  for (const item of Array.isArray(memory.history) ? memory.history : []) {
    if (!item || typeof item !== 'object' || Array.isArray(item)) continue;
    if (item.role === 'user' || item.role === 'assistant')
      history.push({ role: item.role, content: String(item.content ?? '') });
  }
  return {
    turns: Number(memory.turns) || 0,
    noInput: Number(memory.noInput) || 0,
    history,
    ...(memory.offeredPerson === true ? { offeredPerson: true } : {}),
  };
}

export function toJson(memory: AgentMemory): JsonValue {
  return {
    turns: memory.turns,
    noInput: memory.noInput,
    history: memory.history.slice(-HISTORY_LIMIT),
    ...(memory.offeredPerson ? { offeredPerson: true } : {}),
  };
}
