import { z } from 'zod';
import { listenCommandSchema } from '../commands';
import { languageSchema } from '../i18n';
import type { JsonValue } from '../json';

/**
 * Everything the runtime remembers between turns. Plain JSON (kept in Redis by the media server); the
 * runtime never keeps anything in memory between calls of runTurn except the compiled-flow cache.
 */
const slotValueSchema = z.object({
  value: z.union([z.string(), z.number(), z.boolean()]),
  display: z.string(),
  nodeId: z.string(),
});
export type SlotValue = z.infer<typeof slotValueSchema>;

export const transcriptLineSchema = z.object({ speaker: z.enum(['caller', 'agent']), text: z.string() });
export type TranscriptLine = z.infer<typeof transcriptLineSchema>;

export const runtimeStateSchema = z.object({
  stateVersion: z.literal(1),
  /** The node the flow stopped at: a listening node waiting for the caller, or a transfer in progress. */
  currentNodeId: z.string().nullable(),
  waitingFor: z.enum(['caller', 'operator']).nullable(),
  /** Variables are validated as plain JSON when they are written; read back shallowly for speed. */
  variables: z.record(z.string(), z.custom<JsonValue>()),
  /** Collected slots by variable name, with the text to read back and to hand to an operator. */
  slots: z.record(z.string(), slotValueSchema),
  /** Slots the caller gave before they were asked, by the Ask node that will skip its question. */
  earlySlots: z.record(z.string(), slotValueSchema),
  /** Per-node working memory (retries, agent turns and history). */
  nodeMemory: z.record(z.string(), z.custom<JsonValue>()),
  transcript: z.array(transcriptLineSchema),
  lastPrompt: z.string().nullable(),
  lastListen: listenCommandSchema.nullable(),
  lastUtterance: z.string().nullable(),
  turn: z.number().int().nonnegative(),
  ended: z.boolean(),
  endReason: z.string().nullable(),
  language: languageSchema,
  caller: z.object({ number: z.string().optional(), name: z.string().optional() }),
});
export type RuntimeState = z.infer<typeof runtimeStateSchema>;

/** How many transcript lines the state keeps; enough for a handoff excerpt and an LLM context window. */
export const TRANSCRIPT_TAIL = 20;
