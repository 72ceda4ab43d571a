// Turn overhead of the flow runtime with zero-delay fake ports: how much time runTurn itself adds to a
// caller's turn, on a small (20-node) and a large (500-node) generated flow. Target: p99 < 1 ms.
// Prints progress lines, then as the last line one JSON object of figures.
import { performance } from 'node:perf_hooks';
import {
  createFakePorts,
  initialState,
  runTurn,
  type CallEvent,
  type RuntimeState,
} from '../flow-runtime/src/index';
import { generateFlow } from '#flow-runtime/testing/generated-flow.ts';

const WARMUP_TURNS = 500;
const MEASURED_TURNS = Number(process.argv[2] ?? 5000);

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
