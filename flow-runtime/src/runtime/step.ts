import type { Command, ListenCommand } from '../commands';
import type { CallEvent } from '../events';
import type { CompiledFlow } from '../graph/compile-flow';
import type { Language } from '../i18n';
import type { JsonValue } from '../json';
import type { KnowledgeChunk, LlmRequest, LlmResponse, Ports, ToolOutcome } from '../ports';
import type { PortCallResult } from './call-with-timeout';
import type { RuntimeState, SlotValue } from './runtime-state';
import type { TraceLog } from './turn-trace';

/** A node as a handler sees it: its data already parsed by its definition, defaults applied. */
export interface RuntimeNode<Data> {
  id: string;
  type: string;
  data: Data;
}

/** Changes a step asks for; the runtime applies them and records variable changes in the trace. */
export interface StatePatch {
  variables?: Record<string, JsonValue>;
  slots?: Record<string, SlotValue>;
  /** This node's working memory; null clears it. */
  memory?: JsonValue | null;
  /** The Ask node consumed the slot the caller gave early. */
  consumeEarlySlot?: boolean;
}

interface StepResultBase {
  commands?: Command[];
  patch?: StatePatch;
  logs?: TraceLog[];
}

/**
 * - next: continue through `port`;
 * - wait: stay on this node until the caller answers (the commands must end with a listen);
 * - end: the call is over (the commands carry a hangup);
 * - handoff: a transfer was issued; the flow waits for operator_joined or a transfer failure.
 */
export type StepResult = StepResultBase &
  (
    | { outcome: 'next'; port: string }
    | { outcome: 'wait' }
    | { outcome: 'end'; reason: string }
    | { outcome: 'handoff' }
  );

export interface StepContext {
  flow: CompiledFlow;
  state: Readonly<RuntimeState>;
  /** The caller's event when a listening node resumes; null when the flow just arrived at the node. */
  event: CallEvent | null;
  ports: Ports;
  language: Language;
  /**
   * What the caller said in this turn, when this node was reached after another step consumed it (an Ask,
   * then a Router): an agent answers it instead of asking again.
   */
  turnUtterance: string | null;
  /** This node's working memory from earlier turns. */
  memory: JsonValue | undefined;
  /** Variables with built-ins (last_utterance, caller_number, language) for templates and expressions. */
  scope(): Record<string, JsonValue>;
  render(template: string): string;
  listen(overrides?: Partial<Omit<ListenCommand, 'type'>>): ListenCommand;
  say(text: string, options?: { cacheable?: boolean; interruptible?: boolean }): Command[];
  invokeTool(name: string, args: Record<string, JsonValue>, timeoutMs?: number): Promise<ToolOutcome>;
  completeLlm(request: Omit<LlmRequest, 'signal'>, timeoutMs?: number): Promise<PortCallResult<LlmResponse>>;
  searchKnowledge(
    query: string,
    knowledgeBaseIds: string[],
    limit: number,
    timeoutMs?: number,
  ): Promise<PortCallResult<KnowledgeChunk[]>>;
}

export type NodeHandler<Data> = (node: RuntimeNode<Data>, ctx: StepContext) => Promise<StepResult>;
