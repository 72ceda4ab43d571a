/**
 * A media HTTP server with the voice gateway, real Redis, Silero VAD and espeak-ng, for tests and benches.
 * The STT provider and the ticket check are the caller's.
 */
import type { AddressInfo } from 'node:net';
import { ConversationStore } from '../../conversation/conversation-store.ts';
import { createLogger } from '#server/logger.ts';
import { concatInt16 } from '../../audio/pcm.ts';
import { startBufferedSession } from '../../providers/stt/buffered-session.ts';
import type { SttProvider } from '../../providers/stt/stt-provider.ts';
import { createEspeakTts } from '../../providers/tts/espeak-tts.ts';
import { createRedis } from '#server/redis.ts';
import { loadSileroVad } from '../../audio/silero-vad.ts';
import type { CallEventSink, VoiceCallEvent } from '#server/calls/call-events.ts';
import type { CallSettingsInput } from '../../call/call-settings.ts';
import { VoiceGateway, type VoiceGatewayOptions } from '../../call/voice-gateway.ts';
import { createMediaHttpServer } from '../../media-http.ts';
import { cachedPortsFor, type PortsConfig } from '#server/runtime-ports/runtime-ports.ts';
import type { VoiceTicketGrant } from '../browser-voice-endpoint.ts';
import { VOICE_WS_PATH } from '../browser-messages.ts';
import { LISTEN_WS_PATH } from '../../../../app/lib/monitor/listen-messages.ts';
import type { ListenGrant } from '../../listen/listen-endpoint.ts';
import type { TtsProvider } from '../../providers/tts/tts-provider.ts';

export interface VoiceTestServerOptions {
  tickets: Record<string, VoiceTicketGrant>;
  /** Supervisors' listen-in tickets (production: grantForListenTicket); unset, every one is refused. */
  verifyListenTicket?: (ticket: string) => Promise<ListenGrant | null>;
  stt?: SttProvider;
  /** Per-call recogniser choice (e.g. pocketsphinx with the call's flow grammar); wins over `stt`. */
  sttFor?: VoiceGatewayOptions['sttFor'];
  settings?: CallSettingsInput;
  /** The voice; default the embedded espeak-ng (benches pass a cloud connector against a local server). */
  tts?: TtsProvider;
  maxCallsPerProject?: number;
  allowHosts?: string[];
  /** TURN_SERVICE_TOKEN of this server (the turn API's call control and /metrics want it). */
  turnServiceToken?: string;
  /** Knowledge search per project (production: projectKnowledgePort); unset = lookups find nothing. */
  knowledgeFor?: PortsConfig['knowledgeFor'];
}

export interface VoiceTestServer {
  base: string;
  wsUrl(ticket: string): string;
  listenUrl(ticket: string): string;
  gateway: VoiceGateway;
  events: VoiceCallEvent[];
  eventsOf(callId: string): VoiceCallEvent[];
  close(): Promise<void>;
}

export async function startVoiceTestServer(options: VoiceTestServerOptions): Promise<VoiceTestServer> {
  const logger = createLogger('voice-test', process.env.LOG_LEVEL ?? 'silent');
  const redis = createRedis(
    {
      REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/0',
      REDIS_PREFIX: process.env.REDIS_PREFIX ?? 'voice-test',
    },
    { autoPipelining: true },
  );
  const events: VoiceCallEvent[] = [];
  const sink: CallEventSink = (event) => events.push(event);
  const portsFor = cachedPortsFor({
    logger,
    allowHosts: options.allowHosts ?? [],
    ...(options.knowledgeFor ? { knowledgeFor: options.knowledgeFor } : {}),
  });
  const gateway = new VoiceGateway({
    conversations: new ConversationStore(redis),
    portsFor,
    ...(options.stt ? { stt: options.stt } : {}),
    ...(options.sttFor ? { sttFor: options.sttFor } : {}),
    tts: options.tts ?? createEspeakTts(),
    vad: await loadSileroVad(),
    logger,
    events: sink,
    ...(options.settings ? { settings: options.settings } : {}),
    maxCallsPerProject: options.maxCallsPerProject ?? 0,
  });
  const { server } = createMediaHttpServer({
    redis,
    logger,
    portsFor,
    ...(options.turnServiceToken ? { turnServiceToken: options.turnServiceToken } : {}),
    voice: {
      gateway,
      logger,
      verifyTicket: async (ticket) => options.tickets[ticket] ?? null,
      ...(options.verifyListenTicket ? { verifyListenTicket: options.verifyListenTicket } : {}),
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    wsUrl: (ticket) => `ws://127.0.0.1:${port}${VOICE_WS_PATH}?ticket=${encodeURIComponent(ticket)}`,
    listenUrl: (ticket) => `ws://127.0.0.1:${port}${LISTEN_WS_PATH}?ticket=${encodeURIComponent(ticket)}`,
    gateway,
    events,
    eventsOf: (callId) => events.filter((e) => e.callId === callId),
    async close() {
      await gateway.registry.drain(2000);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await redis.quit();
    },
  };
}

/** An STT that "recognises" every utterance as `text`, and keeps the audio it was given. */
export function fakeStt(text: string, delayMs = 0): SttProvider & { heard: Int16Array[] } {
  const heard: Int16Array[] = [];
  return {
    id: 'fake-stt',
    streaming: false,
    heard,
    start(startOptions) {
      return startBufferedSession('fake-stt', startOptions, 60, async (pcm) => {
        heard.push(concatInt16([pcm]));
        if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
        return { text, language: startOptions.language, confidence: 0.9 };
      });
    },
  };
}

/** Speech from espeak-ng at 16 kHz: what the tests say to the gateway. */
export async function synthesizeSpeech(text: string, language = 'en-US'): Promise<Int16Array> {
  const parts: Int16Array[] = [];
  for await (const chunk of createEspeakTts().synthesize({
    text,
    language,
    sampleRate: 16_000,
    signal: new AbortController().signal,
  }))
    parts.push(chunk);
  return concatInt16(parts);
}
