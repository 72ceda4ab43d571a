/**
 * The espeak-ng WASM module, loaded once per thread. Loading costs ~230 ms (it reads espeak-ng.data from
 * beside the package's JS); a short warm-up synthesis afterwards moves the JIT cost of the first real
 * sentence (~150 ms) into init too. Synthesis is synchronous inside WASM, so calls never interleave and the
 * voice set before one call cannot be changed by another. Calls use it through the worker threads of
 * espeak-pool.ts, never on the media server's own thread: a sentence takes tens of milliseconds of CPU,
 * which would stall every call's audio clock.
 */
import createEspeakModule from '@echogarden/espeak-ng-emscripten';

export const ESPEAK_SAMPLE_RATE = 22_050;

interface EspeakWorker {
  set_voice(name: string): number;
  set_rate(wordsPerMinute: number): void;
  synthesize(text: string, callback: (audio: Int16Array, events: unknown[]) => number): void;
  list_voices(): Array<{ identifier: string; languages: Array<{ name: string }> }>;
}
interface EspeakModule {
  eSpeakNGWorker: new () => EspeakWorker;
}

export interface EspeakEngine {
  /** Voice identifiers this build knows, e.g. 'ru', 'en-us'. */
  readonly voices: ReadonlySet<string>;
  /** Synthesizes synchronously at 22050 Hz; `onChunk` sees each block espeak produces. */
  synthesize(voice: string, text: string, onChunk?: (pcm: Int16Array) => void): Int16Array;
  /** As synthesize, without keeping the whole sentence: each block goes only to `onChunk`. */
  stream(voice: string, text: string, onChunk: (pcm: Int16Array) => void): void;
  readonly initMs: number;
}

let enginePromise: Promise<EspeakEngine> | undefined;

export function getEspeakEngine(): Promise<EspeakEngine> {
  enginePromise ??= loadEngine().catch((error: unknown) => {
    enginePromise = undefined; // let a later call try again
    throw error;
  });
  return enginePromise;
}

async function loadEngine(): Promise<EspeakEngine> {
  const started = performance.now();
  const module = (await createEspeakModule()) as EspeakModule;
  const worker = new module.eSpeakNGWorker();
  const voices = new Set<string>();
  for (const voice of worker.list_voices())
    for (const lang of voice.languages) voices.add(lang.name.toLowerCase());

  const stream = (voice: string, text: string, onChunk: (pcm: Int16Array) => void): void => {
    if (worker.set_voice(voice) !== 0) throw new Error(`espeak-ng has no voice "${voice}"`);
    worker.synthesize(text, (audio) => {
      // The module hands us a copy (HEAP16.slice), safe to keep.
      onChunk(audio);
      return 0; // 0 = continue
    });
  };
  const synthesize = (voice: string, text: string, onChunk?: (pcm: Int16Array) => void): Int16Array => {
    const parts: Int16Array[] = [];
    let total = 0;
    stream(voice, text, (audio) => {
      parts.push(audio);
      total += audio.length;
      onChunk?.(audio);
    });
    const out = new Int16Array(total);
    let offset = 0;
    for (const part of parts) {
      out.set(part, offset);
      offset += part.length;
    }
    return out;
  };

  for (const voice of ['ru', 'en-us'])
    if (voices.has(voice)) synthesize(voice, voice === 'ru' ? 'Привет.' : 'Hello.');
  return { voices, synthesize, stream, initMs: performance.now() - started };
}
