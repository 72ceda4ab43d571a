// What Chromium's fake microphone plays in the voice test: a caller saying something, with silence around
// it so the VAD sees an utterance start and end (Chromium loops the file).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { encodeWav } from '../../../media-server/src/audio/wav.ts';
import { createEspeakTts } from '../../../media-server/src/providers/tts/espeak-tts.ts';

const RATE = 16_000;

export async function writeCallerWav(
  path: string,
  text = 'Скажите, пожалуйста, часы работы клиники.',
): Promise<void> {
  const parts: Int16Array[] = [new Int16Array(RATE * 2)];
  for await (const chunk of createEspeakTts().synthesize({
    text,
    language: 'ru-RU',
    sampleRate: RATE,
    signal: new AbortController().signal,
  }))
    parts.push(chunk);
  parts.push(new Int16Array(RATE * 3));
  const total = parts.reduce((n, p) => n + p.length, 0);
  const pcm = new Int16Array(total);
  let at = 0;
  for (const p of parts) {
    pcm.set(p, at);
    at += p.length;
  }
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, encodeWav(pcm, RATE));
}
