// Turn overhead of the flow runtime with zero-delay fake ports: how much time runTurn itself adds to a
// caller's turn, on a small (20-node) and a large (500-node) generated flow. Target: p99 < 1 ms.
// Prints progress lines, then as the last line one JSON object of figures.
import { performance } from 'node:perf_hooks';
import {
  createFakePorts,
  initialState,
  parseFlowOrThrow,
  runTurn,
  type CallEvent,
  type Flow,
  type RuntimeState,
} from '../flow-runtime/src/index';

const WARMUP_TURNS = 500;
const MEASURED_TURNS = Number(process.argv[2] ?? 5000);

/**
 * A flow of repeated stages (ask -> set_variable -> router -> say -> next stage's ask), closed into a
 * loop so the bench can keep talking. Each caller turn runs four blocks: answer, count, branch, say.
 */
function generateFlow(nodeCount: number): Flow {
  const stages = Math.max(1, Math.floor((nodeCount - 2) / 4));
  const nodes: { id: string; type: string; data: Record<string, unknown> }[] = [
    { id: 'start', type: 'start', data: {} },
  ];
  const edges: { id: string; source: string; sourceHandle: string; target: string }[] = [];
  const link = (source: string, sourceHandle: string, target: string) =>
    edges.push({ id: `e${edges.length}`, source, sourceHandle, target });
  for (let stage = 0; stage < stages; stage++) {
    const slotType = stage % 2 === 0 ? 'number' : 'time';
    nodes.push(
      {
        id: `ask${stage}`,
        type: 'ask',
        data: { prompt: `Вопрос ${stage}?`, variable: `answer${stage}`, slotType },
      },
      {
        id: `count${stage}`,
        type: 'set_variable',
        data: { assignments: [{ variable: 'turns', mode: 'expression', value: 'turns + 1' }] },
      },
      {
        id: `route${stage}`,
        type: 'router',
        data: { routes: [{ id: 'many', expression: `turns > 1000 && answer${stage} != ""` }] },
      },
      { id: `say${stage}`, type: 'say', data: { text: `Принято: {{answer${stage}}}` } },
    );
    const next = `ask${(stage + 1) % stages}`;
    link(`ask${stage}`, 'next', `count${stage}`);
    link(`ask${stage}`, 'no_match', 'bye');
    link(`ask${stage}`, 'no_input', 'bye');
    link(`count${stage}`, 'next', `route${stage}`);
    link(`route${stage}`, 'many', `say${stage}`);
    link(`route${stage}`, 'default', `say${stage}`);
    link(`say${stage}`, 'next', next);
  }
  link('start', 'next', 'ask0');
  nodes.push({ id: 'bye', type: 'end', data: { disposition: 'done' } });
  while (nodes.length < nodeCount)
    nodes.push({ id: `spare${nodes.length}`, type: 'say', data: { text: 'unused' } });
  return parseFlowOrThrow({
    schemaVersion: 2,
    nodes,
    edges,
    variables: [{ name: 'turns', type: 'number', default: 0 }],
  });
}

function answerFor(state: RuntimeState): CallEvent {
  const stage = Number((state.currentNodeId ?? 'ask0').replace('ask', ''));
  return { type: 'utterance', text: stage % 2 === 0 ? 'пять' : 'в 10:30' };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

async function measure(nodeCount: number): Promise<{ p50: number; p99: number }> {
  const flow = generateFlow(nodeCount);
  const ports = createFakePorts();
  let state = (
    await runTurn(flow, initialState(flow), { type: 'call_started', caller: {}, direction: 'test' }, ports)
  ).state;
  const timings: number[] = [];
  for (let turn = 0; turn < WARMUP_TURNS + MEASURED_TURNS; turn++) {
    const event = answerFor(state);
    const started = performance.now();
    const result = await runTurn(flow, state, event, ports);
    const elapsed = performance.now() - started;
    if (result.state.ended) throw new Error(`flow ended unexpectedly: ${result.state.endReason}`);
    state = result.state;
    if (turn >= WARMUP_TURNS) timings.push(elapsed);
  }
  timings.sort((a, b) => a - b);
  const p50 = percentile(timings, 50);
  const p99 = percentile(timings, 99);
  console.log(
    `${String(flow.nodes.length).padStart(3)} nodes: ${MEASURED_TURNS} turns, p50 ${p50.toFixed(3)} ms, p90 ${percentile(timings, 90).toFixed(3)} ms, p99 ${p99.toFixed(3)} ms, max ${(timings.at(-1) ?? 0).toFixed(3)} ms`,
  );
  return { p50, p99 };
}

console.log(
  `runtime-turn: ${WARMUP_TURNS} warm-up + ${MEASURED_TURNS} measured turns per flow, zero-delay fake ports`,
);
const small = await measure(20);
const large = await measure(500);
const round = (ms: number) => Math.round(ms * 1000) / 1000;
console.log(
  JSON.stringify({
    bench: 'runtime-turn',
    nodes20_p50_ms: round(small.p50),
    nodes20_p99_ms: round(small.p99),
    nodes500_p50_ms: round(large.p50),
    nodes500_p99_ms: round(large.p99),
  }),
);
