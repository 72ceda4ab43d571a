import type {
  KnowledgeChunk,
  KnowledgeQuery,
  LlmRequest,
  LlmResponse,
  LlmToolCall,
  Ports,
  ToolInvocation,
  ToolOutcome,
} from '../ports';

/**
 * Zero-delay ports for tests, scripted conversations and benchmarks. Everything is plain data so the same
 * description can live in a JSON fixture. `hang` never answers until the runtime's deadline aborts it,
 * which is how provider timeouts are tested.
 */
export type FakeToolBehaviour =
  | { ok: true; result?: unknown }
  | { ok: false; error: string; retryable?: boolean }
  | { hang: true }
  | { throws: string }
  | ((args: Record<string, unknown>) => ToolOutcome | Promise<ToolOutcome>);

export interface ScriptedLlmResponse {
  text?: string;
  toolCalls?: { name: string; arguments?: Record<string, unknown> }[];
  promptTokens?: number;
  completionTokens?: number;
}

export type FakeLlmBehaviour =
  ScriptedLlmResponse[] | 'hang' | 'fail' | ((request: LlmRequest) => LlmResponse | Promise<LlmResponse>);

export interface FakePortsOptions {
  tools?: Record<string, FakeToolBehaviour>;
  knowledge?: KnowledgeChunk[] | ((query: KnowledgeQuery) => KnowledgeChunk[]) | 'hang' | 'fail';
  llm?: FakeLlmBehaviour;
  /** Epoch ms the clock starts at (default 2025-03-10T09:00:00Z). */
  now?: number;
  /** How far the clock moves on each read, so traces show non-zero timings. */
  tickMs?: number;
  /** Seed of the deterministic random port. */
  seed?: number;
}

export interface FakePorts extends Ports {
  calls: {
    tools: Omit<ToolInvocation, 'signal'>[];
    llm: Omit<LlmRequest, 'signal'>[];
    knowledge: Omit<KnowledgeQuery, 'signal'>[];
  };
  logs: { level: string; message: string }[];
}

export const FAKE_EPOCH = Date.UTC(2025, 2, 10, 9, 0, 0);

function hang(signal: AbortSignal): Promise<never> {
  return new Promise((_resolve, reject) => {
    signal.addEventListener('abort', () => reject(new Error('aborted')), { once: true });
  });
}

function scriptedResponse(
  script: ScriptedLlmResponse | undefined,
  model: string,
  index: number,
): LlmResponse {
  const toolCalls: LlmToolCall[] = (script?.toolCalls ?? []).map((call, callIndex) => ({
    id: `call_${index}_${callIndex}`,
    name: call.name,
    arguments: JSON.stringify(call.arguments ?? {}),
  }));
  return {
    text: script?.text ?? '',
    toolCalls,
    usage: {
      model,
      promptTokens: script?.promptTokens ?? 100,
      completionTokens: script?.completionTokens ?? 20,
    },
  };
}

export function createFakePorts(options: FakePortsOptions = {}): FakePorts {
  let time = options.now ?? FAKE_EPOCH;
  let seed = options.seed ?? 42;
  let llmIndex = 0;
  const calls: FakePorts['calls'] = { tools: [], llm: [], knowledge: [] };
  const logs: FakePorts['logs'] = [];
  const log = (level: string) => (message: string) => {
    logs.push({ level, message });
  };

  const ports: FakePorts = {
    calls,
    logs,
    clock: {
      now: () => {
        const current = time;
        time += options.tickMs ?? 0;
        return current;
      },
    },
    random: {
      // mulberry32: tiny, deterministic, good enough for tests.
      next: () => {
        seed = (seed + 0x6d2b79f5) | 0;
        let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
        t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
      },
    },
    logger: { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') },
    tools: {
      invoke: async ({ name, args, signal }) => {
        calls.tools.push({ name, args });
        const behaviour = options.tools?.[name];
        if (!behaviour) return { ok: false, error: `fake tool "${name}" is not scripted`, retryable: false };
        if (typeof behaviour === 'function') return behaviour(args);
        if ('hang' in behaviour) return hang(signal);
        if ('throws' in behaviour) throw new Error(behaviour.throws);
        if (behaviour.ok) return { ok: true, result: behaviour.result ?? null };
        return { ok: false, error: behaviour.error, retryable: behaviour.retryable ?? false };
      },
    },
    knowledge: {
      search: async ({ signal, ...query }) => {
        calls.knowledge.push(query);
        const knowledge = options.knowledge ?? [];
        if (knowledge === 'hang') return hang(signal);
        if (knowledge === 'fail') throw new Error('knowledge search is down');
        const chunks = typeof knowledge === 'function' ? knowledge({ ...query, signal }) : knowledge;
        return chunks.slice(0, query.limit);
      },
    },
  };

  const llm = options.llm;
  if (llm !== undefined) {
    ports.llm = {
      complete: async ({ signal, ...request }) => {
        calls.llm.push(request);
        if (llm === 'hang') return hang(signal);
        if (llm === 'fail') throw new Error('LLM provider is down');
        if (typeof llm === 'function') return llm({ ...request, signal });
        const index = llmIndex++;
        return scriptedResponse(llm[index], request.model ?? 'fake-model', index);
      },
    };
  }
  return ports;
}
