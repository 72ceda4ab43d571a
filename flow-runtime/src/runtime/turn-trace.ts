import type { CallEventType } from '../events';
import type { JsonValue } from '../json';

/** What one turn did, for the Inbox (why did the bot say that?) and the cost engine (tokens, tool calls). */
export interface TraceStep {
  nodeId: string;
  type: string;
  /** The port taken, or null when the node waited, ended the call or failed. */
  port: string | null;
  outcome: 'next' | 'wait' | 'end' | 'handoff' | 'failed';
  durationMs: number;
}

export interface VariableChange {
  name: string;
  before: JsonValue | null;
  after: JsonValue | null;
  nodeId: string | null;
}

export interface ToolCallTrace {
  nodeId: string;
  name: string;
  args: Record<string, JsonValue>;
  ok: boolean;
  durationMs: number;
  error?: string;
  /** What the tool answered, as JSON; a big answer is cut to a preview (see traceToolResult). */
  result?: JsonValue;
  /** The HTTP status, for tools that are web requests. */
  status?: number;
}

/** Tool answers kept in a trace: enough to see what the agent was told, not a whole CRM export per turn. */
export const TRACE_RESULT_MAX_CHARS = 4000;

/** A tool's answer for the trace: as is when small, else `{truncated, preview, chars}` with its first part. */
export function traceToolResult(result: JsonValue): JsonValue {
  const text = JSON.stringify(result);
  if (text.length <= TRACE_RESULT_MAX_CHARS) return result;
  return { truncated: true, chars: text.length, preview: text.slice(0, TRACE_RESULT_MAX_CHARS) };
}

export interface LlmCallTrace {
  nodeId: string;
  model: string;
  promptTokens: number;
  completionTokens: number;
  durationMs: number;
  firstTokenMs?: number;
  /** The provider that answered, and whether it stood in for the agent's own (issue 16). */
  provider?: string;
  fallback?: boolean;
  ok: boolean;
  error?: string;
}

export interface KnowledgeTrace {
  nodeId: string;
  query: string;
  results: number;
  durationMs: number;
  ok: boolean;
  /** What the search returned, best first: the passages an answer could cite (ids, source, score). */
  chunks: { id: string; sourceId: string; source: string; score: number }[];
}

export interface TraceLog {
  level: 'debug' | 'info' | 'warn' | 'error';
  message: string;
  nodeId?: string;
  data?: Record<string, JsonValue>;
}

export interface TurnTrace {
  turn: number;
  event: CallEventType;
  startedAt: number;
  durationMs: number;
  path: TraceStep[];
  variableChanges: VariableChange[];
  toolCalls: ToolCallTrace[];
  llmCalls: LlmCallTrace[];
  knowledgeQueries: KnowledgeTrace[];
  logs: TraceLog[];
  /** Which global handler ("operator", "stop_calling", "repeat") took over this turn, if any. */
  globalHandler: string | null;
  /** Slots the caller gave ahead of their question during this turn. */
  earlySlots: { nodeId: string; variable: string; display: string }[];
  stepBudgetExhausted: boolean;
}

export function emptyTrace(turn: number, event: CallEventType, startedAt: number): TurnTrace {
  return {
    turn,
    event,
    startedAt,
    durationMs: 0,
    path: [],
    variableChanges: [],
    toolCalls: [],
    llmCalls: [],
    knowledgeQueries: [],
    logs: [],
    globalHandler: null,
    earlySlots: [],
    stepBudgetExhausted: false,
  };
}
