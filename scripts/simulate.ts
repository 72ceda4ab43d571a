// `npm run simulate -- <flow.json> [--script turns.json] [--lang ru|en] [--no-color]`: a terminal
// conversation with a flow, run in-process with the media server's ports (no Redis, no telephony).
// Type text to speak, `#123` for keypad digits, `/silence` for a no-input timeout, `/quit` to hang up.
// A script is a JSON array of {"text": ...} | {"dtmf": ...} | {"silence": true}. A conversation fixture
// ({flow, turns}) runs its own turns when no script is given. `--lang` makes the caller speak another
// language than the flow's own (NLU, built-in prompts and the LLM follow the call's language).
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import {
  callEventSchema,
  initialState,
  languageSchema,
  parseFlow,
  runTurn,
  type CallEvent,
  type Language,
  type RuntimeState,
} from '#flow-runtime/index';
import { loadDotenv } from '#server/env/dotenv.ts';
import { createLogger } from '#server/logger.ts';
import { createOpenAiCompatibleLlm } from '#server/providers/llm/openai-compatible-llm.ts';
import { createRuntimePorts } from '#server/runtime-ports/runtime-ports.ts';
import { formatCommand, formatTrace } from './lib/simulator-format.ts';

const USAGE = 'Usage: npm run simulate -- <flow.json> [--script turns.json] [--lang ru|en] [--no-color]';

const scriptTurn = z.union([
  z.object({ text: z.string().min(1) }),
  z.object({ dtmf: z.string().regex(/^[0-9*#A-D]+$/) }),
  z.object({ silence: z.literal(true) }),
]);
const fixtureFile = z.object({ flow: z.unknown(), turns: z.array(z.object({ event: callEventSchema })) });

function fail(message: string, code = 2): never {
  console.error(message);
  process.exit(code);
}

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as unknown;
  } catch (error) {
    return fail(`${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function utterance(text: string, language: Language | undefined): CallEvent {
  return { type: 'utterance', text, ...(language ? { language } : {}) };
}

function toEvent(turn: z.infer<typeof scriptTurn>, language: Language | undefined): CallEvent {
  if ('text' in turn) return utterance(turn.text, language);
  if ('dtmf' in turn) return { type: 'dtmf', digits: turn.dtmf };
  return { type: 'silence' };
}

function fromInput(line: string, language: Language | undefined): CallEvent | 'quit' | null {
  const text = line.trim();
  if (!text) return null;
  if (text === '/quit') return 'quit';
  if (text === '/silence') return { type: 'silence' };
  if (/^#[0-9*#A-D]+$/.test(text)) return { type: 'dtmf', digits: text.slice(1) };
  return utterance(text, language);
}

function describeEvent(event: CallEvent): string {
  if (event.type === 'utterance') return event.text;
  if (event.type === 'dtmf') return `#${event.digits}`;
  return `(${event.type})`;
}

let options;
try {
  options = parseArgs({
    allowPositionals: true,
    options: { script: { type: 'string' }, lang: { type: 'string' }, 'no-color': { type: 'boolean' } },
  });
} catch (error) {
  fail(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
}
const flowPath = options.positionals[0];
if (!flowPath || options.positionals.length > 1) fail(USAGE);
const lang = options.values.lang === undefined ? undefined : languageSchema.safeParse(options.values.lang);
if (lang && !lang.success) fail(`--lang must be ru or en.\n${USAGE}`);
const language = lang?.data;
const color = !options.values['no-color'] && process.stdout.isTTY;

loadDotenv();
const raw = readJson(flowPath);
const fixture = fixtureFile.safeParse(raw);
// Conversation fixtures name their flow ("support-agent-en" is fixtures/good/support-agent-en.json).
const flowInput = !fixture.success
  ? raw
  : typeof fixture.data.flow === 'string'
    ? readJson(resolve(dirname(flowPath), '..', 'good', `${fixture.data.flow}.json`))
    : fixture.data.flow;
const parsed = parseFlow(flowInput);
if (!parsed.success) {
  for (const issue of parsed.issues) console.error(`${issue.field ?? ''}: ${issue.message.en}`);
  process.exit(1);
}
const flow = parsed.flow;

let scripted: CallEvent[] | undefined;
if (options.values.script) {
  const script = z.array(scriptTurn).safeParse(readJson(options.values.script));
  if (!script.success) fail(`${options.values.script}: ${z.prettifyError(script.error)}`);
  scripted = script.data.map((t) => toEvent(t, language));
} else if (fixture.success) {
  scripted = fixture.data.turns.map((t) => t.event).filter((e) => e.type !== 'call_started');
}

// The same ports as the media server: an OpenAI-compatible LLM only when configured, the flow's HTTP
// tools (loopback allowed: a simulated flow often calls a mock on this machine), no project (so no knowledge).
const logger = createLogger('simulate', 'silent');
const llm =
  process.env.LLM_BASE_URL && process.env.LLM_API_KEY && process.env.LLM_MODEL
    ? createOpenAiCompatibleLlm({
        kind: 'openai-compatible',
        baseUrl: process.env.LLM_BASE_URL,
        apiKey: process.env.LLM_API_KEY,
        model: process.env.LLM_MODEL,
      })
    : undefined;
const ports = createRuntimePorts(flow, null, { llm, logger, allowHosts: ['127.0.0.1', 'localhost'] });

const caller = { number: '+70000000000' };
let state: RuntimeState = initialState(flow, caller);
if (language) state = { ...state, language };

async function turn(event: CallEvent): Promise<void> {
  if (event.type !== 'call_started')
    console.log(`${color ? '\x1b[36mcaller:\x1b[0m' : 'caller:'} ${describeEvent(event)}`);
  const result = await runTurn(flow, state, event, ports);
  state = result.state;
  for (const c of result.commands) console.log(formatCommand(c, color));
  for (const line of formatTrace(result.trace, color)) console.log(line);
}

await turn({ type: 'call_started', caller, direction: 'test' });
if (scripted) {
  for (const event of scripted) {
    if (state.ended) break;
    await turn(event);
  }
} else {
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  rl.setPrompt(color ? '\x1b[36myou> \x1b[0m' : 'you> ');
  // A prompt only for a person at a terminal: piped input would interleave it with the transcript.
  const prompt = () => process.stdin.isTTY && rl.prompt();
  prompt();
  // Reading lines as a stream (not question by question) keeps piped input whole; Ctrl-D ends like /quit.
  for await (const line of rl) {
    const event = fromInput(line, language);
    if (event === 'quit') break;
    if (event) await turn(event);
    if (state.ended) break;
    prompt();
  }
  rl.close();
}
if (!state.ended) await turn({ type: 'call_ended', reason: 'caller hung up' });
console.log(state.ended ? `call ended: ${state.endReason ?? 'completed'}` : 'call ended');
