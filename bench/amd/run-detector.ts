// Runs the answering-machine detector over the labelled recordings, as a call feeds it (20 ms frames).
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeWav } from '../../media-server/src/audio/wav.ts';
import {
  AnsweringMachineDetector,
  type AmdVerdict,
} from '../../media-server/src/call/amd/answering-machine-detector.ts';

const here = dirname(fileURLToPath(import.meta.url));

export interface Labelled {
  name: string;
  label: 'human' | 'machine';
  verdict: AmdVerdict;
}

export function detect(pcm: Int16Array, sampleRate: number): AmdVerdict {
  const detector = new AnsweringMachineDetector({ sampleRate });
  const frame = Math.round(sampleRate / 50);
  for (let at = 0; at < pcm.length; at += frame) {
    const verdict = detector.push(pcm.subarray(at, at + frame));
    if (verdict) return verdict;
  }
  return detector.finish();
}

export function runLabelledSet(): Labelled[] {
  const labels = JSON.parse(readFileSync(join(here, 'labels.json'), 'utf8')) as Record<
    string,
    { label: 'human' | 'machine' }
  >;
  return Object.entries(labels).map(([name, { label }]) => {
    const { pcm, sampleRate } = decodeWav(readFileSync(join(here, 'recordings', `${name}.wav`)));
    return { name, label, verdict: detect(pcm, sampleRate) };
  });
}
