/**
 * The LLM an agent chose (its flow's `settings.speech.llm`) for the studio's test console, so a test
 * conversation thinks with the same account and model as a call. Opened on first use; when the account
 * is missing or fails, the install's default answers (as in a call).
 */
import type { Flow, LlmPort, LlmRequest } from '#flow-runtime/index';
import { createGuardedFetch } from '../net/ssrf-guard.ts';
import { createOpenAiCompatibleLlm } from '../providers/llm/openai-compatible-llm.ts';
import { openProvider } from './provider-accounts.server.ts';
import { providerAllowHosts } from './provider-allow-hosts.ts';
import { DEFAULT_LLM_MODEL, supports } from './provider-catalog.ts';
import { openAiBaseUrl } from './provider-endpoints.ts';

const KIND = {
  openai: 'openai',
  'azure-openai': 'azure-openai',
  'openai-compatible': 'openai-compatible',
  yandex: 'yandexgpt',
} as const;

export function agentLlm(flow: Flow, projectId: string, fallback: LlmPort | undefined): LlmPort | undefined {
  const chosen = flow.settings.speech.llm;
  if (!chosen.providerId || chosen.providerId === 'embedded') return fallback;
  let port: Promise<{ name: string; llm: LlmPort } | undefined> | undefined;
  const open = async (): Promise<{ name: string; llm: LlmPort } | undefined> => {
    const account = await openProvider(projectId, chosen.providerId ?? '');
    const kind = account ? KIND[account.provider as keyof typeof KIND] : undefined;
    if (!account || !account.enabled || !kind || !supports(account.provider, 'llm')) return undefined;
    // Named as a call names it (`provider:account`), so the trace reads the same in both places.
    const name = `${account.provider}:${account.name}`;
    const llm = createOpenAiCompatibleLlm(
      {
        kind,
        baseUrl: openAiBaseUrl(account.provider, account.settings),
        apiKey: account.apiKey ?? 'none',
        model: chosen.model ?? account.settings.model ?? DEFAULT_LLM_MODEL[account.provider] ?? 'default',
        ...(account.settings.apiVersion ? { apiVersion: account.settings.apiVersion } : {}),
        ...(account.settings.folderId ? { folderId: account.settings.folderId } : {}),
      },
      { fetch: createGuardedFetch({ allowHosts: providerAllowHosts(), timeoutMs: 30_000 }) },
    );
    return { name, llm };
  };
  const withSettings = (request: LlmRequest): LlmRequest => ({
    ...request,
    ...(request.temperature === undefined && chosen.temperature !== undefined
      ? { temperature: chosen.temperature }
      : {}),
    ...(request.maxTokens === undefined && chosen.maxTokens !== undefined
      ? { maxTokens: chosen.maxTokens }
      : {}),
  });
  return {
    async complete(request) {
      port ??= open().catch(() => undefined);
      const opened = await port;
      if (opened) {
        try {
          return { ...(await opened.llm.complete(withSettings(request))), provider: opened.name };
        } catch (error) {
          if (!fallback || request.signal.aborted) throw error;
        }
      }
      if (!fallback) throw new Error('the agent’s LLM account is not available and no default is configured');
      // The install's LLM stands in for the agent's account: the trace marks it.
      return { ...(await fallback.complete(withSettings(request))), provider: 'default', fallback: true };
    },
  };
}
