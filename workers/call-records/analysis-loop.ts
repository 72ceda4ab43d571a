import type { LlmPort } from '#flow-runtime/ports';
import { runPendingAnalyses } from '#server/calls/post-call-analysis.server.ts';
import type { Db } from '#server/db.ts';
import { llmEnv } from '#server/env/env-schema.ts';
import { EnvError, parseEnv } from '#server/env/load-env.ts';
import type { Logger } from '#server/logger.ts';
import { createOpenAiCompatibleLlm } from '#server/providers/llm/openai-compatible-llm.ts';

/** The deployment's LLM (the same LLM_* variables as the media server), or none: slots fill the analysis. */
export function analysisLlmFromEnv(source?: Record<string, string | undefined>): LlmPort | undefined {
  let env;
  try {
    env = parseEnv(llmEnv, 'analysis', source);
  } catch (error) {
    if (error instanceof EnvError) return undefined;
    throw error;
  }
  if (!env.LLM_BASE_URL || !env.LLM_MODEL) return undefined;
  return createOpenAiCompatibleLlm({
    kind: env.LLM_KIND,
    baseUrl: env.LLM_BASE_URL,
    apiKey: env.LLM_API_KEY || 'none',
    model: env.LLM_MODEL,
  });
}

/** Post-call analysis: polls for ended calls (the records are the queue, so nothing is lost on a crash). */
export function startAnalysisLoop(options: { db: Db; llm?: LlmPort; logger: Logger; intervalMs?: number }) {
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<void> = Promise.resolve();
  const tick = async () => {
    try {
      while (!stopped && (await runPendingAnalyses(options.db, options.llm)) > 0);
    } catch (error) {
      options.logger.warn({ err: error }, 'post-call analysis failed; retrying');
    }
    if (!stopped) timer = setTimeout(() => (running = tick()), options.intervalMs ?? 2_000);
  };
  running = tick();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
