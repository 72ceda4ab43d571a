// The embedded voices at telephone rate: espeak-ng (WASM on the media server's worker threads) and RHVoice
// (a process per utterance, streamed) where installed. Engine init (thread start and WASM load), time to
// first audio and real-time factor (synthesis time / audio duration) for a Russian and an English sentence
// at 8 kHz.
// Progress goes to stdout line by line; the last line is one JSON object of figures.
import { getEspeakPool } from '../media-server/src/providers/tts/espeak-pool';
import { createEspeakTts } from '../media-server/src/providers/tts/espeak-tts';
import { createRhvoiceTts, findRhvoice } from '../media-server/src/providers/tts/rhvoice-tts';
import type { TtsProvider } from '../media-server/src/providers/tts/tts-provider';

const RATE = 8000;
const RUNS = 5;
const sentences = {
  ru: {
    language: 'ru-RU',
    text: 'Здравствуйте! Вы позвонили в стоматологическую клинику. Назовите, пожалуйста, удобный день для записи.',
  },
  en: {
    language: 'en-US',
    text: 'Hello! You have reached the dental clinic. Please tell me which day suits you for an appointment.',
  },
};

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

const initStart = performance.now();
await getEspeakPool().voices();
const initMs = performance.now() - initStart;
console.log(`espeak init ${initMs.toFixed(1)} ms (worker threads started, WASM loaded and warmed up)`);

const figures: Record<string, number | boolean> = { espeak_init_ms: round(initMs) };

async function measure(name: string, tts: TtsProvider): Promise<void> {
  for (const [key, { language, text }] of Object.entries(sentences)) {
    const firsts: number[] = [];
    const rtfs: number[] = [];
    for (let run = 0; run < RUNS; run += 1) {
      const started = performance.now();
      let first: number | undefined;
      let samples = 0;
      for await (const chunk of tts.synthesize({
        text,
        language,
        sampleRate: RATE,
        signal: new AbortController().signal,
      })) {
        first ??= performance.now() - started;
        samples += chunk.length;
      }
      const total = performance.now() - started;
      const audioMs = (samples / RATE) * 1000;
      firsts.push(first ?? total);
      rtfs.push(total / audioMs);
      console.log(
        `${name} ${key} run ${run + 1}: first chunk ${(first ?? total).toFixed(1)} ms, total ${total.toFixed(1)} ms for ${(audioMs / 1000).toFixed(2)} s audio`,
      );
    }
    figures[`${name}_${key}_first_chunk_ms`] = round(median(firsts));
    figures[`${name}_${key}_rtf`] = round(median(rtfs), 4);
  }
}

await measure('espeak', createEspeakTts());
const rhvoice = findRhvoice();
figures.rhvoice_installed = rhvoice !== undefined;
if (rhvoice) await measure('rhvoice', createRhvoiceTts(rhvoice));
else console.log('RHVoice is not installed (scripts/install-rhvoice.sh): only espeak-ng measured');

function round(value: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

console.log(JSON.stringify({ bench: 'tts', sample_rate_hz: RATE, runs: RUNS, ...figures }));
