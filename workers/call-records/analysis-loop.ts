import { z } from 'zod';
import type { LlmPort } from '#flow-runtime/ports';
import { runPendingAnalyses } from '#server/calls/post-call-analysis.server.ts';
import type { Db } from '#server/db.ts';
import type { Logger } from '#server/logger.ts';
import { createOpenAiCompatibleLlm } from '#server/providers/llm/openai-compatible-llm.ts';

const llmEnv = z.object({
  LLM_KIND: z.enum(['openai', 'azure-openai', 'yandexgpt', 'openai-compatible']).default('openai-compatible'),
  LLM_BASE_URL: z.url().optional(),
  LLM_API_KEY: z.string().optional(),
  LLM_MODEL: z.string().optional(),
});

/** The deployment's LLM (the same LLM_* variables as the media server), or none: slots fill the analysis. */
export function analysisLlmFromEnv(env: NodeJS.ProcessEnv = process.env): LlmPort | undefined {
  const parsed = llmEnv.safeParse(env);
  if (!parsed.success || !parsed.data.LLM_BASE_URL || !parsed.data.LLM_MODEL) return undefined;
  return createOpenAiCompatibleLlm({
    kind: parsed.data.LLM_KIND,
    baseUrl: parsed.data.LLM_BASE_URL,
    apiKey: parsed.data.LLM_API_KEY || 'none',
    model: parsed.data.LLM_MODEL,
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
