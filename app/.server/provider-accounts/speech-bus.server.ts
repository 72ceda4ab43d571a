/**
 * The web process asks a media server to speak (the voice preview): TTS connectors and the embedded voices
 * live there. A request/reply over Redis (bus/bus-request.ts) on a channel of its own.
 */
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { askOverBus } from '../bus/bus-request.ts';
import { defineChannel } from '../bus/redis-channel.ts';
import { telephonyRedis } from '../telephony/telephony-bus.server.ts';

export const speechMessage = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('voice.preview'),
    requestId: z.uuid(),
    projectId: z.uuid(),
    providerId: z.union([z.uuid(), z.literal('embedded')]),
    voice: z.string().max(100).optional(),
    speed: z.number().min(0.5).max(2).optional(),
    language: z.enum(['ru', 'en']),
    text: z.string().min(1).max(400),
  }),
]);
export type SpeechMessage = z.infer<typeof speechMessage>;

export const speechBus = defineChannel('speech:control', speechMessage);

export const previewReply = z.union([
  z.object({ ok: z.literal(true), wav: z.string().describe('base64 WAV'), provider: z.string() }),
  z.object({ ok: z.literal(false), code: z.string(), message: z.string() }),
]);
export type PreviewReply = z.infer<typeof previewReply>;

export type PreviewAnswer = PreviewReply | { ok: false; code: 'media_server_unavailable'; message: string };

export async function askVoicePreview(
  request: Omit<Extract<SpeechMessage, { type: 'voice.preview' }>, 'type' | 'requestId'>,
  options: { redis?: Redis; timeoutMs?: number } = {},
): Promise<PreviewAnswer> {
  const redis = options.redis ?? telephonyRedis();
  const answer = await askOverBus({
    redis,
    publish: (requestId) => speechBus.publish(redis, { type: 'voice.preview', requestId, ...request }),
    reply: previewReply,
    timeoutMs: options.timeoutMs ?? 20_000,
  });
  if (answer.ok) return answer.value;
  return {
    ok: false,
    code: 'media_server_unavailable',
    message: 'No media server answered: voices are synthesized there. Make sure it is running.',
  };
}
