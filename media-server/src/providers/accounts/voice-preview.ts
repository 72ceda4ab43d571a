/**
 * The studio's voice preview, answered here because the connectors and the embedded voices live in the
 * media server: the web app asks over the speech bus, one media server synthesizes the text in the chosen
 * voice and replies with a WAV (16 kHz, what a browser plays well).
 */
import type { Redis } from 'ioredis';
import { claimRequest, replyOverBus } from '#server/bus/bus-request.ts';
import type { Logger } from '#server/logger.ts';
import { openProvider } from '#server/provider-accounts/provider-accounts.server.ts';
import { supports } from '#server/provider-accounts/provider-catalog.ts';
import {
  speechBus,
  type PreviewReply,
  type SpeechMessage,
} from '#server/provider-accounts/speech-bus.server.ts';
import { concatInt16 } from '../../audio/pcm.ts';
import { encodeWav } from '../../audio/wav.ts';
import type { EmbeddedVoices } from '../../wiring/embedded-voices.ts';
import type { VoiceEntry } from './failover-tts.ts';
import { ttsFromAccount, type ConnectorOptions } from './account-connectors.ts';
import { accountName, type OpenAccount } from './call-speech.ts';

const PREVIEW_RATE = 16_000;

export async function synthesizePreview(
  message: Omit<Extract<SpeechMessage, { type: 'voice.preview' }>, 'type' | 'requestId'>,
  voices: Pick<EmbeddedVoices, 'entry'>,
  options: ConnectorOptions & { openAccount?: OpenAccount } = {},
): Promise<PreviewReply> {
  let entry: VoiceEntry;
  if (message.providerId === 'embedded') entry = voices.entry(message.voice);
  else {
    const account = await (options.openAccount ?? openProvider)(message.projectId, message.providerId);
    if (!account || !supports(account.provider, 'tts'))
      return { ok: false, code: 'provider_not_found', message: 'No such voice provider in this project.' };
    entry = { name: accountName(account), provider: ttsFromAccount(account, options) };
    if (message.voice) entry.voice = message.voice;
  }
  const language = message.language === 'en' ? 'en-US' : 'ru-RU';
  const parts: Int16Array[] = [];
  try {
    for await (const chunk of entry.provider.synthesize({
      text: message.text,
      language,
      sampleRate: PREVIEW_RATE,
      signal: AbortSignal.timeout(15_000),
      ...(entry.voice ? { voice: entry.voice } : {}),
      ...(message.speed ? { speed: message.speed } : {}),
    }))
      parts.push(chunk);
  } catch (error) {
    const code =
      typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string'
        ? error.code
        : 'provider_failed';
    return { ok: false, code, message: error instanceof Error ? error.message : String(error) };
  }
  const wav = encodeWav(concatInt16(parts), PREVIEW_RATE);
  return { ok: true, wav: Buffer.from(wav).toString('base64'), provider: entry.name };
}

export async function startVoicePreview(
  subscriber: Redis,
  voices: Pick<EmbeddedVoices, 'entry'>,
  logger: Logger,
  options: ConnectorOptions = {},
): Promise<{ close(): Promise<void> }> {
  const replies = subscriber.duplicate();
  const unsubscribe = await speechBus.subscribe(
    subscriber,
    (message) => {
      void (async () => {
        if (!(await claimRequest(replies, message.requestId))) return;
        const { type: _t, requestId, ...request } = message;
        const reply = await synthesizePreview(request, voices, options);
        await replyOverBus(replies, requestId, reply);
      })().catch((error: unknown) => logger.error({ err: error }, 'voice preview failed'));
    },
    (raw) => logger.warn({ raw: raw.slice(0, 200) }, 'unreadable speech message dropped'),
  );
  return {
    close: async () => {
      await unsubscribe().catch(() => undefined);
      subscriber.disconnect();
      replies.disconnect();
    },
  };
}
