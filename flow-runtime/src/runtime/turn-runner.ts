import type { Command, ListenCommand } from '../commands';
import type { CallEvent } from '../events';
import type { CompiledFlow, CompiledNode } from '../graph/compile-flow';
import { pick } from '../i18n';
import { toJsonValue, type JsonValue } from '../json';
import type { KnowledgeChunk, LlmRequest, LlmResponse, Ports, ToolOutcome } from '../ports';
import { callWithTimeout, type PortCallResult } from './call-with-timeout';
import { renderTemplate } from './render-template';
import type { RuntimeState } from './runtime-state';
import type { StatePatch, StepContext, StepResult } from './step';
import { emptyTrace, traceToolResult, type TraceLog, type TurnTrace } from './turn-trace';

/**
 * One turn in progress: the working copy of the state, the commands so far and the trace. It walks the
 * graph node by node; node handlers see it only through the StepContext it builds for them.
 */
export class TurnRunner {
  readonly commands: Command[] = [];
  readonly trace: TurnTrace;
  private steps = 0;
  /** The caller's words this turn (set when an utterance resumes the flow). */
  turnUtterance: string | null = null;
  /** Built on first use; dropped whenever a patch may change variables or slots. */
  private scopeCache: Record<string, JsonValue> | null = null;

  constructor(
    readonly flow: CompiledFlow,
    public state: RuntimeState,
    readonly ports: Ports,
    event: CallEvent,
  ) {
    this.trace = emptyTrace(state.turn, event.type, ports.clock.now());
  }

  get settings() {
    return this.flow.flow.settings;
  }

  log(entry: TraceLog): void {
    this.trace.logs.push(entry);
    this.ports.logger[entry.level](entry.message, { nodeId: entry.nodeId, ...entry.data });
  }

  /** Variables plus read-only built-ins that templates and expressions may use. */
  scope(): Record<string, JsonValue> {
    if (this.scopeCache) return this.scopeCache;
    const slots: Record<string, JsonValue> = {};
    for (const [name, slot] of Object.entries(this.state.slots)) slots[name] = slot.display;
    this.scopeCache = {
      ...this.state.variables,
      // `{{slots.date}}` reads a slot as it should be spoken ("11 марта"), not as stored ("2025-03-11").
      slots,
      last_utterance: this.state.lastUtterance ?? '',
      caller_number: this.state.caller.number ?? '',
      language: this.state.language,
    };
    return this.scopeCache;
  }

  say(text: string, options: { cacheable?: boolean; interruptible?: boolean } = {}): Command[] {
    const trimmed = text.trim();
    if (!trimmed) return [];
    return [
      {
        type: 'say',
        text: trimmed,
        interruptible: options.interruptible ?? true,
        cacheable: options.cacheable ?? false,
        language: this.state.language,
      },
    ];
  }

  listen(overrides: Partial<Omit<ListenCommand, 'type'>> = {}): ListenCommand {
    return {
      type: 'listen',
      modes: ['speech', 'dtmf'],
      noInputTimeoutMs: this.settings.noInputTimeoutMs,
      bargeIn: true,
      language: this.state.language,
      ...overrides,
    };
  }

  /** Repeats the listen that is already active, so a turn that changed nothing still keeps the caller heard. */
  relisten(): void {
    if (this.state.ended || this.state.waitingFor !== 'caller') return;
    this.commands.push(this.state.lastListen ?? this.listen());
  }

  /** The spoken apology and hangup used whenever the flow cannot go on. */
  fallback(reason: string, nodeId?: string): void {
    this.log({ level: 'error', message: `flow stopped: ${reason}`, ...(nodeId ? { nodeId } : {}) });
    this.commands.push(
      ...this.say(pick(this.settings.fallbackMessage, this.state.language), { interruptible: false }),
    );
    this.commands.push({ type: 'hangup', disposition: reason });
    this.finish(reason, nodeId ?? this.state.currentNodeId);
  }

  finish(reason: string, nodeId: string | null): void {
    this.state.ended = true;
    this.state.endReason = reason;
    this.state.waitingFor = null;
    this.state.currentNodeId = nodeId;
  }

  setVariables(variables: Record<string, JsonValue>, nodeId: string | null): void {
    for (const [name, raw] of Object.entries(variables)) {
      const after = toJsonValue(raw);
      const before = this.state.variables[name] ?? null;
      if (JSON.stringify(before) === JSON.stringify(after)) continue;
      // The scope is rebuilt only when something in it changed: on big flows it is the costliest step.
      this.scopeCache = null;
      this.state.variables[name] = after;
      this.trace.variableChanges.push({ name, before, after, nodeId });
    }
  }

  private applyPatch(nodeId: string, patch: StatePatch): void {
    if (patch.variables) this.setVariables(patch.variables, nodeId);
    if (patch.slots) {
      this.scopeCache = null;
      Object.assign(this.state.slots, patch.slots);
    }
    if (patch.memory === null) delete this.state.nodeMemory[nodeId];
    else if (patch.memory !== undefined) this.state.nodeMemory[nodeId] = patch.memory;
    if (patch.consumeEarlySlot) delete this.state.earlySlots[nodeId];
  }

  private timeoutFor(ms?: number): number {
    return ms ?? this.settings.providerTimeoutMs;
  }

  private async invokeTool(
    nodeId: string,
    name: string,
    args: Record<string, JsonValue>,
    timeoutMs?: number,
  ): Promise<ToolOutcome> {
    const tool = this.flow.tools.get(name);
    if (!tool) return { ok: false, error: `tool "${name}" is not defined in this flow`, retryable: false };
    const started = this.ports.clock.now();
    const call = await callWithTimeout(this.timeoutFor(timeoutMs ?? tool.timeoutMs), (signal) =>
      this.ports.tools.invoke({ name, args, signal }),
    );
    const outcome: ToolOutcome = call.ok
      ? call.value
      : {
          ok: false,
          error: call.reason === 'timeout' ? `timeout: ${call.error}` : call.error,
          retryable: true,
        };
    this.trace.toolCalls.push({
      nodeId,
      name,
      args,
      ok: outcome.ok,
      durationMs: this.ports.clock.now() - started,
      ...(outcome.ok ? { result: traceToolResult(toJsonValue(outcome.result)) } : { error: outcome.error }),
      ...(outcome.status === undefined ? {} : { status: outcome.status }),
    });
    return outcome;
  }

  private async completeLlm(
    nodeId: string,
    request: Omit<LlmRequest, 'signal'>,
    timeoutMs?: number,
  ): Promise<PortCallResult<LlmResponse>> {
    const llm = this.ports.llm;
    if (!llm) return { ok: false, reason: 'error', error: 'no LLM is configured' };
    const started = this.ports.clock.now();
    const call = await callWithTimeout(this.timeoutFor(timeoutMs), (signal) =>
      llm.complete({ ...request, signal }),
    );
    const durationMs = this.ports.clock.now() - started;
    if (call.ok) {
      const { usage, firstTokenMs, provider, fallback } = call.value;
      this.trace.llmCalls.push({
        nodeId,
        model: usage.model,
        promptTokens: usage.promptTokens,
        completionTokens: usage.completionTokens,
        durationMs,
        ok: true,
        ...(firstTokenMs === undefined ? {} : { firstTokenMs }),
        ...(provider === undefined ? {} : { provider }),
        ...(fallback ? { fallback } : {}),
      });
    } else {
      this.trace.llmCalls.push({
        nodeId,
        model: request.model ?? 'default',
        promptTokens: 0,
        completionTokens: 0,
        durationMs,
        ok: false,
        error: call.error,
      });
    }
    return call;
  }

  private async searchKnowledge(
    nodeId: string,
    query: string,
    knowledgeBaseIds: string[],
    limit: number,
    timeoutMs?: number,
  ): Promise<PortCallResult<KnowledgeChunk[]>> {
    const started = this.ports.clock.now();
    const call = await callWithTimeout(this.timeoutFor(timeoutMs), (signal) =>
      this.ports.knowledge.search({ query, knowledgeBaseIds, limit, language: this.state.language, signal }),
    );
    this.trace.knowledgeQueries.push({
      nodeId,
      query,
      results: call.ok ? call.value.length : 0,
      durationMs: this.ports.clock.now() - started,
      ok: call.ok,
      chunks: call.ok
        ? call.value.map((c) => ({ id: c.id, sourceId: c.source.id, source: c.source.title, score: c.score }))
        : [],
    });
    return call;
  }

  private context(node: CompiledNode, event: CallEvent | null): StepContext {
    const id = node.id;
    return {
      flow: this.flow,
      state: this.state,
      event,
      ports: this.ports,
      language: this.state.language,
      turnUtterance: this.turnUtterance,
      memory: this.state.nodeMemory[id],
      scope: () => this.scope(),
      render: (template) => renderTemplate(template, this.scope()),
      listen: (overrides) => this.listen(overrides),
      say: (text, options) => this.say(text, options),
      invokeTool: (name, args, timeoutMs) => this.invokeTool(id, name, args, timeoutMs),
      completeLlm: (request, timeoutMs) => this.completeLlm(id, request, timeoutMs),
      searchKnowledge: (query, ids, limit, timeoutMs) =>
        this.searchKnowledge(id, query, ids, limit, timeoutMs),
    };
  }

  /**
   * Runs nodes from `nodeId` until one waits for the caller, ends the call or hands it off. `resume` is the
   * caller's event for the node that was waiting; nodes reached afterwards start fresh.
   */
  async walk(nodeId: string, resume: CallEvent | null): Promise<void> {
    let currentId = nodeId;
    let event = resume;
    for (;;) {
      if (this.steps >= this.settings.maxTurnSteps) {
        this.trace.stepBudgetExhausted = true;
        this.fallback('step_budget_exhausted', currentId);
        return;
      }
      this.steps++;
      const node = this.flow.nodes.get(currentId);
      if (!node?.entry || node.data === null) {
        this.fallback('broken_node', currentId);
        this.log({
          level: 'error',
          nodeId: currentId,
          message: `cannot run node: ${node?.dataError ?? 'it does not exist'}`,
        });
        return;
      }
      const result = await this.runNode(node, event);
      if (!result) return;
      if (result.outcome !== 'next') {
        this.settle(node, result);
        return;
      }
      const target = this.flow.target(node.id, result.port);
      if (!target) {
        this.deadEnd(node, result.port);
        return;
      }
      currentId = target;
      event = null;
    }
  }

  private async runNode(node: CompiledNode, event: CallEvent | null): Promise<StepResult | null> {
    const started = this.ports.clock.now();
    const step = { nodeId: node.id, type: node.type };
    let result: StepResult;
    try {
      result = await (node.entry as NonNullable<CompiledNode['entry']>).handler(
        { id: node.id, type: node.type, data: node.data },
        this.context(node, event),
      );
    } catch (error) {
      // A handler bug must not leave the caller in silence: record it, apologise, hang up.
      this.trace.path.push({
        ...step,
        port: null,
        outcome: 'failed',
        durationMs: this.ports.clock.now() - started,
      });
      this.log({
        level: 'error',
        nodeId: node.id,
        message: `node failed: ${error instanceof Error ? error.message : String(error)}`,
      });
      this.fallback('node_failed', node.id);
      return null;
    }
    if (result.commands) this.commands.push(...result.commands);
    if (result.patch) this.applyPatch(node.id, result.patch);
    for (const entry of result.logs ?? []) this.log(entry);
    this.trace.path.push({
      ...step,
      port: result.outcome === 'next' ? result.port : null,
      outcome: result.outcome,
      durationMs: this.ports.clock.now() - started,
    });
    return result;
  }

  /** Records where the flow stopped this turn and what it is waiting for. */
  private settle(node: CompiledNode, result: Exclude<StepResult, { outcome: 'next' }>): void {
    if (result.outcome === 'end') {
      if (!this.commands.some((command) => command.type === 'hangup')) {
        this.commands.push({ type: 'hangup', disposition: result.reason });
      }
      this.finish(result.reason, node.id);
      return;
    }
    this.state.currentNodeId = node.id;
    if (result.outcome === 'handoff') {
      this.state.waitingFor = 'operator';
      return;
    }
    this.state.waitingFor = 'caller';
    const own = result.commands ?? [];
    let listen = own.findLast((command) => command.type === 'listen');
    if (!listen || own.at(-1)?.type !== 'listen') {
      listen = listen ?? this.listen();
      this.commands.push(listen);
    }
    const prompt = own.flatMap((command) => (command.type === 'say' ? [command.text] : [])).join(' ');
    if (prompt) this.state.lastPrompt = prompt;
    this.state.lastListen = listen;
  }

  /** A port with no edge: the normal end of a branch ends the call; an unhandled failure apologises first. */
  private deadEnd(node: CompiledNode, port: string): void {
    const kind = node.entry?.definition.ports(node.data).find((candidate) => candidate.id === port)?.kind;
    if (kind === 'fallback') {
      this.fallback(`unhandled_${port}`, node.id);
      return;
    }
    this.log({ level: 'info', nodeId: node.id, message: `flow ended: port "${port}" is not connected` });
    this.commands.push({ type: 'hangup', disposition: 'completed' });
    this.finish('completed', node.id);
  }
}
