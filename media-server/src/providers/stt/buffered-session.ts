import { concatInt16 } from '../../audio/pcm';
import { ProviderError } from '#server/providers/provider-error';
import { SttSession, type SttResult, type SttStartOptions } from './stt-provider';

/**
 * For request/response providers: keep the audio, transcribe it on end(). A cap on buffered audio keeps a
 * stuck call from growing memory without bound (and matches the providers' own upload limits).
 */
export function startBufferedSession(
  provider: string,
  options: SttStartOptions,
  maxSeconds: number,
  transcribe: (pcm: Int16Array, signal: AbortSignal) => Promise<SttResult | undefined>,
): SttSession {
  const parts: Int16Array[] = [];
  let samples = 0;
  const maxSamples = maxSeconds * options.sampleRate;
  let ended = false;
  const session: SttSession = new SttSession({
    write(pcm) {
      if (ended) return;
      if (samples + pcm.length > maxSamples) {
        session.fail(
          new ProviderError(provider, 'bad_response', `utterance longer than ${maxSeconds} s`, {
            retryable: false,
          }),
        );
        return;
      }
      parts.push(pcm.slice());
      samples += pcm.length;
    },
    end() {
      if (ended) return;
      ended = true;
      transcribe(concatInt16(parts), options.signal).then(
        (result) => {
          if (result && result.text) session.emitFinal(result);
          session.finish();
        },
        (error: unknown) => session.fail(error instanceof Error ? error : new Error(String(error))),
      );
    },
  });
  options.signal.addEventListener(
    'abort',
    () => session.fail(new ProviderError(provider, 'aborted', 'recognition aborted', { retryable: false })),
    {
      once: true,
    },
  );
  return session;
}
