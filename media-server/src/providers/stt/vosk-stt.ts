import WebSocket from 'ws';
import { z } from 'zod';
import { int16ToLeBytes } from '../../audio/pcm';
import { ProviderError } from '#server/providers/provider-error';
import { SttSession, type SttProvider, type SttStartOptions } from './stt-provider';

export const voskConfigSchema = z.object({
  /** ws://host:2700 of a vosk-server (alphacep/kaldi-*) instance. */
  url: z.url({ protocol: /^wss?$/ }),
  connectTimeoutMs: z.number().int().positive().default(5_000),
  /** After eof, how long to wait for the final result. */
  finalTimeoutMs: z.number().int().positive().default(5_000),
});
export type VoskConfig = z.input<typeof voskConfigSchema>;

const wordSchema = z.object({ conf: z.number(), start: z.number(), end: z.number(), word: z.string() });
const messageSchema = z.union([
  z.object({ partial: z.string() }),
  z.object({ text: z.string(), result: z.array(wordSchema).optional() }),
]);

/**
 * A self-hosted Vosk server over its WebSocket protocol: a config message, binary PCM frames, `{"eof":1}`;
 * it answers `{"partial":...}` while audio flows and `{"text":...,"result":[{conf,start,end,word}]}` at each
 * endpoint and after eof. Vosk has one model per server, so `language` is reported, not selected.
 */
export function createVoskStt(configInput: VoskConfig): SttProvider {
  const config = voskConfigSchema.parse(configInput);
  return {
    id: 'vosk',
    streaming: true,
    start(options: SttStartOptions) {
      const socket = new WebSocket(config.url);
      const pending: Buffer[] = []; // audio written before the socket opened
      let eofRequested = false;
      let finalTimer: NodeJS.Timeout | undefined;
      const sendAudio = (data: Buffer) => {
        if (socket.readyState === WebSocket.OPEN) socket.send(data, { binary: true });
        else pending.push(data);
      };
      const sendEof = () => {
        socket.send(JSON.stringify({ eof: 1 }));
        finalTimer = setTimeout(
          () => session.fail(new ProviderError('vosk', 'timeout', 'no final result after eof')),
          config.finalTimeoutMs,
        );
      };
      const session = new SttSession({
        write(pcm) {
          if (!eofRequested) sendAudio(int16ToLeBytes(pcm));
        },
        end() {
          if (eofRequested) return;
          eofRequested = true;
          if (socket.readyState === WebSocket.OPEN) sendEof();
        },
      });
      const connectTimer = setTimeout(() => {
        session.fail(new ProviderError('vosk', 'timeout', 'connect timed out'));
        socket.terminate();
      }, config.connectTimeoutMs);

      socket.on('open', () => {
        clearTimeout(connectTimer);
        const cfg: Record<string, unknown> = { sample_rate: options.sampleRate, words: 1 };
        // Vosk takes a grammar as a JSON list of phrases; "[unk]" keeps out-of-grammar speech possible.
        if (options.hints?.length) cfg.phrase_list = [...options.hints, '[unk]'];
        socket.send(JSON.stringify({ config: cfg }));
        for (const data of pending.splice(0)) socket.send(data, { binary: true });
        if (eofRequested) sendEof();
      });
      socket.on('message', (data, isBinary) => {
        if (isBinary) return;
        let json: unknown;
        try {
          json = JSON.parse(data.toString());
        } catch {
          return session.fail(
            new ProviderError('vosk', 'bad_response', 'non-JSON message', { retryable: false }),
          );
        }
        const parsed = messageSchema.safeParse(json);
        if (!parsed.success)
          return session.fail(
            new ProviderError('vosk', 'bad_response', 'unexpected message', { retryable: false }),
          );
        const message = parsed.data;
        if ('partial' in message) {
          session.emitPartial({ text: message.partial, language: options.language });
          return;
        }
        const words = message.result ?? [];
        if (message.text) {
          const first = words[0];
          const last = words.at(-1);
          session.emitFinal({
            text: message.text,
            language: options.language,
            ...(words.length ? { confidence: words.reduce((sum, w) => sum + w.conf, 0) / words.length } : {}),
            ...(first && last
              ? { startMs: Math.round(first.start * 1000), endMs: Math.round(last.end * 1000) }
              : {}),
          });
        }
        // The answer to eof is the last final: the session is complete.
        if (eofRequested) {
          clearTimeout(finalTimer);
          session.finish();
          socket.close();
        }
      });
      socket.on('error', (error) => {
        clearTimeout(connectTimer);
        session.fail(new ProviderError('vosk', 'unavailable', error.message, { cause: error }));
      });
      socket.on('close', () => {
        clearTimeout(connectTimer);
        clearTimeout(finalTimer);
        session.fail(new ProviderError('vosk', 'unavailable', 'connection closed before the final result'));
      });
      options.signal.addEventListener(
        'abort',
        () => {
          session.fail(new ProviderError('vosk', 'aborted', 'recognition aborted', { retryable: false }));
          socket.terminate();
        },
        { once: true },
      );
      return session;
    },
  };
}
