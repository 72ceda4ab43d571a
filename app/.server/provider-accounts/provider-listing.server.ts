/**
 * The voices and models an account offers, listed from the provider where its API lists them (Azure's
 * voice list, the models of an OpenAI-compatible endpoint), else the documented ones.
 */
import { z } from 'zod';
import type { ProviderCatalogView } from './provider-account-input.ts';
import type { ProviderSecretAccount } from './provider-accounts.server.ts';
import {
  DEFAULT_LLM_MODEL,
  STATIC_MODELS,
  STATIC_VOICES,
  supports,
} from '../../lib/providers/provider-catalog.ts';
import { azureTtsBase, openAiBaseUrl } from './provider-endpoints.ts';
import { bearer, problemFrom, providerHttp, type TestOptions } from './provider-test.server.ts';

const azureVoices = z.array(
  z.object({ ShortName: z.string(), LocalName: z.string().optional(), Locale: z.string() }),
);
const modelList = z.object({ data: z.array(z.object({ id: z.string() })) });

/** Only the languages the platform speaks: the Azure list has hundreds. */
const ourLanguage = (locale: string) => /^(ru|en)-/i.test(locale);

export async function listCatalog(
  account: ProviderSecretAccount,
  options: TestOptions = {},
): Promise<ProviderCatalogView> {
  const fixed: ProviderCatalogView = {
    voices: supports(account.provider, 'tts') ? (STATIC_VOICES[account.provider] ?? []) : [],
    models: {
      llm:
        STATIC_MODELS[account.provider]?.llm ??
        [DEFAULT_LLM_MODEL[account.provider]].filter((m): m is string => !!m),
      stt: STATIC_MODELS[account.provider]?.stt ?? [],
    },
    listed: false,
  };
  const http = providerHttp(account, { timeoutMs: 8000, ...options });
  try {
    if (account.provider === 'azure-speech') {
      const raw = await http.get(`${azureTtsBase(account.settings)}/cognitiveservices/voices/list`, {
        'Ocp-Apim-Subscription-Key': account.apiKey ?? '',
      });
      const voices = azureVoices.parse(raw).filter((v) => ourLanguage(v.Locale));
      return {
        ...fixed,
        voices: voices.map((v) => ({
          id: v.ShortName,
          label: v.LocalName ?? v.ShortName,
          language: v.Locale,
        })),
        listed: true,
      };
    }
    if (account.provider === 'openai' || account.provider === 'openai-compatible') {
      const raw = await http.get(
        `${openAiBaseUrl(account.provider, account.settings)}/models`,
        bearer(account.apiKey),
      );
      const ids = modelList
        .parse(raw)
        .data.map((m) => m.id)
        .sort();
      const chat = ids.filter((id) => !/whisper|transcribe|tts|embedding|dall-e|moderation/i.test(id));
      const stt = ids.filter((id) => /whisper|transcribe/i.test(id));
      return {
        ...fixed,
        models: { llm: chat, stt: stt.length > 0 ? stt : fixed.models.stt },
        listed: true,
      };
    }
  } catch (error) {
    // The screen still offers the documented choices; the Test button explains the failure.
    void problemFrom(account, error);
  }
  return fixed;
}
