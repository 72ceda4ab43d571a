import { describe, expect, it } from 'vitest';
import { detect, runLabelledSet } from '../../../../bench/amd/run-detector.ts';
import { AnsweringMachineDetector } from './answering-machine-detector.ts';

const RATE = 8000;
const silence = (ms: number) => new Int16Array((RATE * ms) / 1000);
const tone = (ms: number, hz = 1000) =>
  Int16Array.from({ length: (RATE * ms) / 1000 }, (_, i) =>
    Math.round(8000 * Math.sin((2 * Math.PI * hz * i) / RATE)),
  );
const join = (...parts: Int16Array[]) => {
  const out = new Int16Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};

describe('answering-machine detector', () => {
  it('tells the generated voicemail greetings from short answers, never calling a person a machine', () => {
    const results = runLabelledSet();
    expect(results.length).toBeGreaterThanOrEqual(40);
    const wrongHumans = results.filter((r) => r.label === 'human' && r.verdict.answeredBy === 'machine');
    expect(wrongHumans.map((r) => r.name)).toEqual([]);
    const right = results.filter((r) => r.verdict.answeredBy === r.label).length;
    expect(right / results.length).toBeGreaterThanOrEqual(0.9);
    // Every verdict comes within the first 3 s of audio.
    expect(Math.max(...results.map((r) => r.verdict.atMs))).toBeLessThanOrEqual(3000);
  });

  it('hears a beep as a machine whose greeting is over, and a silent line as unknown', () => {
    const beep = detect(join(silence(400), tone(600)), RATE);
    expect(beep).toMatchObject({ answeredBy: 'machine', reason: 'beep' });
    expect(detect(silence(4000), RATE)).toMatchObject({ answeredBy: 'unknown', reason: 'silence' });
  });

  it('after a long greeting, notices where it ends (the beep) so a message can follow', () => {
    const detector = new AnsweringMachineDetector({ sampleRate: RATE });
    // A 2.5 s "greeting" of a gliding tone (no single pitch), then the beep.
    const greeting = Int16Array.from({ length: RATE * 2.5 }, (_, i) =>
      Math.round(6000 * Math.sin(2 * Math.PI * (200 + (i % 400)) * (i / RATE))),
    );
    detector.push(join(silence(300), greeting));
    expect(detector.result?.answeredBy).toBe('machine');
    expect(detector.greetingEndedAtMs).toBeNull();
    detector.push(join(silence(300), tone(500)));
    expect(detector.greetingEndedAtMs).toBeGreaterThan(2800);
  });
});
