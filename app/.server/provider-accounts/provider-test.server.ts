/**
 * The Test button: one minimal real request to the provider with the stored key (list models, list voices,
 * synthesize one word), through the SSRF guard, and its failure explained in plain words.
 */
import WebSocket from 'ws';
import { AddressRefusedError, vetHost } from '../net/address-policy.ts';
import { createGuardedFetch, SsrfBlockedError, type Resolver } from '../net/ssrf-guard.ts';
import type { ProviderTestResult, TestCode } from './provider-account-input.ts';
import type { ProviderSecretAccount } from './provider-accounts.server.ts';
import { providerAllowHosts } from './provider-allow-hosts.ts';
import { azureTtsBase, openAiBaseUrl, yandexSpeechBase } from './provider-endpoints.ts';

export interface TestOptions {
  allowHosts?: readonly string[];
  resolve?: Resolver;
  timeoutMs?: number;
}

export class ProviderProblem extends Error {
  constructor(
    readonly code: Exclude<TestCode, 'ok'>,
    message: string,
  ) {
    super(message);
    this.name = 'ProviderProblem';
  }
}

const EXPLAIN: Record<Exclude<TestCode, 'ok'>, string> = {
  bad_key: 'The provider refused the key. Check that you copied the whole key and that it is still active.',
  wrong_region:
    'The region is not right: no Speech service answers there. Use the region shown on your resource (e.g. westeurope).',
  wrong_folder:
    'The key works, but not in this folder: check the folder id and that the service account has a role in it.',
  wrong_endpoint: 'The address answered, but not as this provider: check the URL (and the deployment name).',
  quota: 'The provider says the quota or rate limit is used up. Try later or raise the limit in its console.',
  unreachable: 'The provider could not be reached: check the address and that the service is running.',
  blocked_address:
    'This address is on a private network, which provider accounts may not reach unless an administrator allows the host (PROVIDER_ALLOW_HOSTS).',
  timeout: 'The provider did not answer in time.',
  bad_response: 'The provider answered with something unexpected.',
};

export const explain = (code: Exclude<TestCode, 'ok'>, detail?: string) =>
  detail ? `${EXPLAIN[code]} (${detail.slice(0, 200)})` : EXPLAIN[code];

/** HTTP status (and the body's words) to a plain reason. */
function fromStatus(account: ProviderSecretAccount, status: number, body: string): ProviderProblem {
  const detail = `HTTP ${status}`;
  if (status === 401) return new ProviderProblem('bad_key', explain('bad_key', detail));
  if (status === 429) return new ProviderProblem('quota', explain('quota', detail));
  if (account.provider === 'yandex' && (status === 403 || /folder/i.test(body)))
    return new ProviderProblem('wrong_folder', explain('wrong_folder', detail));
  if (status === 403)
    return /quota|limit/i.test(body)
      ? new ProviderProblem('quota', explain('quota', detail))
      : new ProviderProblem('bad_key', explain('bad_key', detail));
  if (status === 404) return new ProviderProblem('wrong_endpoint', explain('wrong_endpoint', detail));
  if (status >= 500) return new ProviderProblem('unreachable', explain('unreachable', detail));
  return new ProviderProblem('bad_response', explain('bad_response', detail));
}

/** Network-level failures to a plain reason: refused address, unknown host (a wrong region), no answer. */
export function problemFrom(account: ProviderSecretAccount, error: unknown): ProviderProblem {
  if (error instanceof ProviderProblem) return error;
  if (error instanceof SsrfBlockedError || error instanceof AddressRefusedError) {
    const reason = error.reason;
    if (reason === 'dns_failure')
      return account.provider === 'azure-speech' && !account.settings.baseUrl
        ? new ProviderProblem('wrong_region', explain('wrong_region', account.settings.region))
        : new ProviderProblem('unreachable', explain('unreachable', 'the host name does not resolve'));
    return new ProviderProblem('blocked_address', explain('blocked_address'));
  }
  const name = error instanceof Error ? error.name : '';
  if (name === 'TimeoutError' || name === 'AbortError')
    return new ProviderProblem('timeout', explain('timeout'));
  const message = error instanceof Error ? error.message : String(error);
  return new ProviderProblem('unreachable', explain('unreachable', message));
}

export interface ProviderHttp {
  get(url: string, headers: Record<string, string>): Promise<unknown>;
  post(url: string, headers: Record<string, string>, body: string): Promise<Uint8Array>;
}

/** HTTP to one account's provider through the SSRF guard; non-2xx is thrown as a ProviderProblem. */
export function providerHttp(account: ProviderSecretAccount, options: TestOptions = {}): ProviderHttp {
  const guarded = createGuardedFetch({
    allowHosts: options.allowHosts ?? providerAllowHosts(),
    timeoutMs: options.timeoutMs ?? 10_000,
    ...(options.resolve ? { resolve: options.resolve } : {}),
  });
  const send = async (url: string, init: RequestInit) => {
    const res = await guarded(url, init);
    if (!res.ok) throw fromStatus(account, res.status, await res.text().catch(() => ''));
    return res;
  };
  return {
    async get(url, headers) {
      const res = await send(url, { headers });
      try {
        return (await res.json()) as unknown;
      } catch {
        throw new ProviderProblem('wrong_endpoint', explain('wrong_endpoint', 'not JSON'));
      }
    },
    async post(url, headers, body) {
      const res = await send(url, { method: 'POST', headers, body });
      return new Uint8Array(await res.arrayBuffer());
    },
  };
}

export const bearer = (key: string | null): Record<string, string> =>
  key ? { Authorization: `Bearer ${key}` } : {};

/** A Vosk server: open its WebSocket (the host vetted first), send an empty utterance, await its answer. */
async function testVosk(account: ProviderSecretAccount, options: TestOptions): Promise<void> {
  const url = new URL(account.settings.baseUrl ?? '');
  const vetted = await vetHost(url.hostname, {
    allowHosts: options.allowHosts ?? providerAllowHosts(),
    ...(options.resolve ? { resolve: options.resolve } : {}),
  });
  await new Promise<void>((resolve, reject) => {
    const ws = new WebSocket(url, {
      handshakeTimeout: options.timeoutMs ?? 5000,
      lookup: (_h, _o, cb) => cb(null, vetted.address, vetted.family),
    });
    const timer = setTimeout(() => {
      ws.terminate();
      reject(new ProviderProblem('timeout', explain('timeout')));
    }, options.timeoutMs ?? 5000);
    ws.on('open', () => {
      ws.send(JSON.stringify({ config: { sample_rate: 8000 } }));
      ws.send(JSON.stringify({ eof: 1 }));
    });
    ws.on('message', () => {
      clearTimeout(timer);
      ws.close();
      resolve();
    });
    ws.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

async function probe(account: ProviderSecretAccount, options: TestOptions): Promise<void> {
  const http = providerHttp(account, options);
  const { settings, apiKey } = account;
  switch (account.provider) {
    case 'openai':
    case 'openai-compatible': {
      const body = await http.get(`${openAiBaseUrl(account.provider, settings)}/models`, bearer(apiKey));
      if (!body || typeof body !== 'object' || !('data' in body))
        throw new ProviderProblem('wrong_endpoint', explain('wrong_endpoint', 'no model list'));
      return;
    }
    case 'azure-openai': {
      const url = `${openAiBaseUrl(account.provider, settings)}/chat/completions?api-version=${encodeURIComponent(settings.apiVersion ?? '')}`;
      await http.post(
        url,
        { 'api-key': apiKey ?? '', 'Content-Type': 'application/json' },
        JSON.stringify({ messages: [{ role: 'user', content: 'ping' }], max_tokens: 1 }),
      );
      return;
    }
    case 'yandex': {
      const form = new URLSearchParams({
        text: 'Проверка',
        lang: 'ru-RU',
        voice: 'alena',
        format: 'lpcm',
        sampleRateHertz: '8000',
        folderId: settings.folderId ?? '',
      });
      await http.post(
        `${yandexSpeechBase(settings, 'tts')}/speech/v1/tts:synthesize`,
        { Authorization: `Api-Key ${apiKey ?? ''}`, 'Content-Type': 'application/x-www-form-urlencoded' },
        form.toString(),
      );
      return;
    }
    case 'azure-speech': {
      const list = await http.get(`${azureTtsBase(settings)}/cognitiveservices/voices/list`, {
        'Ocp-Apim-Subscription-Key': apiKey ?? '',
      });
      if (!Array.isArray(list))
        throw new ProviderProblem('wrong_endpoint', explain('wrong_endpoint', 'no voice list'));
      return;
    }
    case 'vosk':
      return testVosk(account, options);
  }
}

export async function testProvider(
  account: ProviderSecretAccount,
  options: TestOptions = {},
): Promise<ProviderTestResult> {
  const started = performance.now();
  const done = (code: TestCode, message: string): ProviderTestResult => ({
    ok: code === 'ok',
    code,
    message,
    latencyMs: Math.round(performance.now() - started),
    testedAt: new Date().toISOString(),
  });
  try {
    await probe(account, options);
    return done('ok', 'The provider accepted the key and answered.');
  } catch (error) {
    const problem = problemFrom(account, error);
    return done(problem.code, problem.message);
  }
}
