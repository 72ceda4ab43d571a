import type { LlmPort, LlmRequest, LlmResponse } from '#flow-runtime/index';
import type { CallFailover } from './call-failover.ts';

export interface LlmEntry {
  name: string;
  port: LlmPort;
}

export interface LlmDefaults {
  model?: string;
  temperature?: number;
  maxTokens?: number;
}

/**
 * The call's LLM: the agent's account with its model settings (a node's own settings win), and the
 * install's default when that fails. A failed request is retried once on the next, then stays there.
 */
export class FailoverLlm implements LlmPort {
  private index = 0;

  constructor(
    private chain: readonly LlmEntry[],
    private readonly failover: CallFailover,
    private defaults: LlmDefaults = {},
  ) {}

  replace(chain: readonly LlmEntry[], defaults: LlmDefaults): void {
    this.chain = chain;
    this.defaults = defaults;
    this.index = 0;
  }

  get configured(): boolean {
    return this.chain.length > 0;
  }

  get name(): string | undefined {
    return this.chain[this.index]?.name;
  }

  /** True once the agent's LLM failed and the next one answers (shown on the call record). */
  get fallback(): boolean {
    return this.index > 0;
  }

  async complete(request: LlmRequest): Promise<LlmResponse> {
    const withDefaults: LlmRequest = {
      ...request,
      ...(request.model === undefined && this.defaults.model && this.index === 0
        ? { model: this.defaults.model }
        : {}),
      ...(request.temperature === undefined && this.defaults.temperature !== undefined
        ? { temperature: this.defaults.temperature }
        : {}),
      ...(request.maxTokens === undefined && this.defaults.maxTokens !== undefined
        ? { maxTokens: this.defaults.maxTokens }
        : {}),
    };
    for (;;) {
      const entry = this.chain[this.index];
      if (!entry) throw new Error('no LLM configured');
      try {
        const response = await entry.port.complete(withDefaults);
        return { ...response, provider: entry.name, ...(this.index > 0 ? { fallback: true } : {}) };
      } catch (error) {
        if (request.signal.aborted || this.index >= this.chain.length - 1) throw error;
        this.index += 1;
        // The agent's model name means nothing to the next provider.
        delete withDefaults.model;
        this.failover.failed('llm', entry.name, this.chain[this.index]?.name ?? null, error);
      }
    }
  }
}
