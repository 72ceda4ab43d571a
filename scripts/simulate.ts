// `npm run simulate -- <flow.json> [--script turns.json] [--no-color]`: a terminal conversation with a flow.
// Type text to speak, `#123` for keypad digits, `/silence` for a no-input timeout, `/quit` to hang up.
// A script is a JSON array of {"text": ...} | {"dtmf": ...} | {"silence": true}. A conversation fixture
// ({flow, turns}) runs its own turns when no script is given.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { z } from 'zod';
import { initialState, parseFlow, runTurn, type CallEvent, type RuntimeState } from '#flow-runtime/index';
import { loadDotenv } from '../app/.server/env/dotenv.ts';
import { createLogger } from '../app/.server/logger.ts';
import { createOpenAiCompatibleLlm } from '../app/.server/providers/llm/openai-compatible-llm.ts';
import { createRuntimePorts } from '../media-server/src/turns/runtime-ports.ts';
import { formatCommand, formatTrace } from './lib/simulator-format.ts';

const scriptTurn = z.union([
  z.object({ text: z.string() }),
  z.object({ dtmf: z.string().regex(/^[0-9*#A-D]+$/) }),
  z.object({ silence: z.literal(true) }),
]);
const fixtureFile = z.object({ flow: z.unknown(), turns: z.array(z.object({ event: z.unknown() })) });

function toEvent(turn: z.infer<typeof scriptTurn>): CallEvent {
  if ('text' in turn) return { type: 'utterance', text: turn.text };
  if ('dtmf' in turn) return { type: 'dtmf', digits: turn.dtmf };
  return { type: 'silence' };
}

function fromInput(line: string): CallEvent | 'quit' | null {
  const text = line.trim();
  if (!text) return null;
  if (text === '/quit') return 'quit';
  if (text === '/silence') return { type: 'silence' };
  if (/^#[0-9*#A-D]+$/.test(text)) return { type: 'dtmf', digits: text.slice(1) };
  return { type: 'utterance', text };
}

const args = process.argv.slice(2);
const flowPath = args.find((a) => !a.startsWith('--') && args[args.indexOf(a) - 1] !== '--script');
const scriptPath = args.includes('--script') ? args[args.indexOf('--script') + 1] : undefined;
const color = !args.includes('--no-color') && process.stdout.isTTY;
if (!flowPath) {
  console.error('Usage: npm run simulate -- <flow.json> [--script turns.json] [--no-color]');
  process.exit(2);
}

loadDotenv();
const raw = JSON.parse(readFileSync(flowPath, 'utf8')) as unknown;
const fixture = fixtureFile.safeParse(raw);
// Conversation fixtures name their flow ("support-agent-en" is fixtures/good/support-agent-en.json).
const fixtureFlow = fixture.success && typeof fixture.data.flow === 'string'
  ? (JSON.parse(readFileSync(resolve(dirname(flowPath), '..', 'good', `${fixture.data.flow}.json`), 'utf8')) as unknown)
  : fixture.data?.flow;
const parsed = parseFlow(fixture.success ? fixtureFlow : raw);
if (!parsed.success) {
  for (const issue of parsed.issues) console.error(`${issue.field ?? ''}: ${issue.message.en}`);
  process.exit(1);
}
const flow = parsed.flow;
const logger = createLogger('simulate', 'silent');
const llm =
  process.env.LLM_BASE_URL && process.env.LLM_API_KEY && process.env.LLM_MODEL
    ? createOpenAiCompatibleLlm({ kind: 'openai-compatible', baseUrl: process.env.LLM_BASE_URL, apiKey: process.env.LLM_API_KEY, model: process.env.LLM_MODEL })
    : undefined;
const ports = createRuntimePorts(flow, { llm, logger, allowHosts: ['127.0.0.1', 'localhost'] });

let state: RuntimeState = initialState(flow, { number: '+70000000000' });
async function turn(event: CallEvent): Promise<void> {
  if (event.type !== 'call_started') console.log(`${color ? '\x1b[36mcaller:\x1b[0m' : 'caller:'} ${'text' in event ? event.text : event.type === 'dtmf' ? `#${event.digits}` : `(${event.type})`}`);
  const result = await runTurn(flow, state, event, ports);
  state = result.state;
  for (const c of result.commands) console.log(formatCommand(c, color));
  for (const line of formatTrace(result.trace, color)) console.log(line);
}

await turn({ type: 'call_started', caller: { number: '+70000000000' }, direction: 'test' });
const scripted: CallEvent[] | undefined = scriptPath
  ? z.array(scriptTurn).parse(JSON.parse(readFileSync(scriptPath, 'utf8'))).map(toEvent)
  : fixture.success
    ? (fixture.data.turns.map((t) => t.event).slice(1) as CallEvent[])
    : undefined;

if (scripted) {
  for (const event of scripted) {
    if (state.ended) break;
    await turn(event);
  }
} else {
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  while (!state.ended) {
    const event = fromInput(await rl.question(color ? '\x1b[36myou> \x1b[0m' : 'you> '));
    if (event === 'quit') break;
    if (event) await turn(event);
  }
  rl.close();
}
if (!state.ended) await turn({ type: 'call_ended', reason: 'caller hung up' });
console.log(state.ended ? `call ended: ${state.endReason ?? 'completed'}` : 'call ended');
