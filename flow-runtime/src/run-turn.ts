import { commandSchema, type Command } from './commands';
import { callEventSchema, type CallEvent } from './events';
import { compileFlow } from './graph/compile-flow';
import type { Flow } from './graph/flow-schema';
import type { NodeRegistry } from './nodes/node-entry';
import { nodeRegistry } from './nodes/registry';
import type { Ports } from './ports';
import { dispatchEvent } from './runtime/dispatch-event';
import { RuntimeError } from './runtime/runtime-error';
import { runtimeStateSchema, TRANSCRIPT_TAIL, type RuntimeState } from './runtime/runtime-state';
import { TurnRunner } from './runtime/turn-runner';
import type { TurnTrace } from './runtime/turn-trace';

export interface TurnResult {
  state: RuntimeState;
  commands: Command[];
  trace: TurnTrace;
}

/**
 * The state comes back from Redis every turn. A quick structural check covers the normal case; the full
 * zod parse runs only to explain a state that fails it (it costs more than the rest of the turn).
 */
function looksLikeState(input: RuntimeState): boolean {
  const value = input as Partial<Record<keyof RuntimeState, unknown>> | null;
  const isRecord = (field: unknown) => typeof field === 'object' && field !== null && !Array.isArray(field);
  return (
    isRecord(value) &&
    value?.stateVersion === 1 &&
    Number.isInteger(value.turn) &&
    (value.turn as number) >= 0 &&
    typeof value.ended === 'boolean' &&
    (value.language === 'ru' || value.language === 'en') &&
    (value.currentNodeId === null || typeof value.currentNodeId === 'string') &&
    (value.waitingFor === null || value.waitingFor === 'caller' || value.waitingFor === 'operator') &&
    [value.variables, value.slots, value.earlySlots, value.nodeMemory, value.caller].every(isRecord) &&
    Array.isArray(value.transcript)
  );
}

/**
 * A working copy: the caller's state object is never mutated, so a failed turn can be retried with it.
 * Shallow copies suffice because the runner replaces values inside these records, never edits them.
 */
function workingCopy(state: RuntimeState): RuntimeState {
  return {
    ...state,
    variables: { ...state.variables },
    slots: { ...state.slots },
    earlySlots: { ...state.earlySlots },
    nodeMemory: { ...state.nodeMemory },
    transcript: [...state.transcript],
    caller: { ...state.caller },
  };
}

function readState(input: RuntimeState): RuntimeState {
  if (looksLikeState(input)) return workingCopy(input);
  const parsed = runtimeStateSchema.safeParse(input);
  if (!parsed.success) {
    throw new RuntimeError('invalid_state', 'The call state is damaged or from an incompatible version.', {
      issues: parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`),
    });
  }
  return workingCopy(parsed.data);
}

function readEvent(input: CallEvent): CallEvent {
  const parsed = callEventSchema.safeParse(input);
  if (!parsed.success) {
    throw new RuntimeError('invalid_event', 'The call event is not valid.', {
      issues: parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`),
    });
  }
  return parsed.data;
}

function validated(commands: Command[]): Command[] {
  return commands.map((command) => {
    const parsed = commandSchema.safeParse(command);
    if (!parsed.success) {
      throw new RuntimeError('invalid_command', `The runtime produced an invalid ${command.type} command.`, {
        command,
        issues: parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`),
      });
    }
    return parsed.data;
  });
}

/**
 * Runs one turn of a call: the flow's answer to one event. Pure apart from the ports: the same flow,
 * state, event and port answers give the same result.
 *
 * Guarantees: every command is valid under `commandSchema` (or a RuntimeError is thrown); a call that is
 * still waiting for the caller always gets a `listen`; a turn runs at most `settings.maxTurnSteps` nodes;
 * a failing or slow provider leads to a failure port or a spoken fallback, never to silence. `registry` is
 * the node types to run (a test passes its own with a fake type added).
 */
export async function runTurn(
  flow: Flow,
  state: RuntimeState,
  event: CallEvent,
  ports: Ports,
  registry: NodeRegistry = nodeRegistry,
): Promise<TurnResult> {
  const compiled = compileFlow(flow, registry);
  const working = readState(state);
  const parsedEvent = readEvent(event);
  working.turn += 1;
  const runner = new TurnRunner(compiled, working, ports, parsedEvent);

  await dispatchEvent(runner, parsedEvent);

  const final = runner.state;
  if (!final.ended && final.waitingFor === 'caller' && runner.commands.at(-1)?.type !== 'listen') {
    // Whatever happened this turn, a call waiting for the caller ends the turn listening.
    runner.relisten();
  }
  for (const command of runner.commands) {
    if (command.type === 'say') final.transcript.push({ speaker: 'agent', text: command.text });
  }
  final.transcript = final.transcript.slice(-TRANSCRIPT_TAIL);
  runner.trace.durationMs = ports.clock.now() - runner.trace.startedAt;
  return { state: final, commands: validated(runner.commands), trace: runner.trace };
}
