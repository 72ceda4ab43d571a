import type { CallEvent } from '../events';
import type { Flow, FlowInput } from '../graph/flow-schema';
import { parseFlowOrThrow } from '../graph/parse-flow';
import { initialState } from '../runtime/initial-state';
import type { RuntimeState } from '../runtime/runtime-state';
import { runTurn, type TurnResult } from '../run-turn';
import { createFakePorts, type FakePorts, type FakePortsOptions } from './fake-ports';

/** Test shorthand: nodes as [id, type, data], edges as [source, port, target]. */
export function buildFlow(
  nodes: [string, string, Record<string, unknown>?][],
  edges: [string, string, string][],
  extra: Omit<Partial<FlowInput>, 'nodes' | 'edges'> = {},
): Flow {
  return parseFlowOrThrow({
    schemaVersion: 2,
    nodes: nodes.map(([id, type, data]) => ({ id, type, data: data ?? {} })),
    edges: edges.map(([source, sourceHandle, target], index) => ({
      id: `e${index}`,
      source,
      sourceHandle,
      target,
    })),
    ...extra,
  });
}

/** Runs events one after another from a fresh call; returns every turn's result. */
export async function runEvents(
  flow: Flow,
  events: CallEvent[],
  options: FakePortsOptions | FakePorts = {},
  state: RuntimeState = initialState(flow),
): Promise<TurnResult[]> {
  const ports = 'clock' in options ? options : createFakePorts(options);
  const results: TurnResult[] = [];
  let current = state;
  for (const event of events) {
    const result = await runTurn(flow, current, event, ports);
    results.push(result);
    current = result.state;
  }
  return results;
}

export const started: CallEvent = { type: 'call_started', caller: {}, direction: 'test' };
export const said = (text: string): CallEvent => ({ type: 'utterance', text });
export const pressed = (digits: string): CallEvent => ({ type: 'dtmf', digits });
export const silence: CallEvent = { type: 'silence' };
