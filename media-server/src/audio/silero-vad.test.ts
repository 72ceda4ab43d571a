// Silero VAD with every call's windows batched into one inference: a call's speech probabilities are the
// same whether it is alone or beside others, and speech is told from silence.
import { afterAll, describe, expect, it } from 'vitest';
import { speechFrames } from '../sip-gateway/test-support/audio-fixtures';
import { getEspeakPool } from '../providers/tts/espeak-pool';
import { loadSileroVad, type VadFactory } from './silero-vad';

afterAll(() => getEspeakPool().close());

async function probabilities(vad: VadFactory, frames: Int16Array[]): Promise<number[]> {
  const stream = vad(8000);
  // Pushed all at once, as packets of a busy moment are: the windows wait for each other.
  const results = await Promise.all(frames.map((frame) => stream.push(frame)));
  return results.flat();
}

describe('Silero VAD, batched across calls', { timeout: 240_000 }, () => {
  it('gives each call the same probabilities alone as beside other calls', async () => {
    const vad = await loadSileroVad();
    const silence = Array.from({ length: 25 }, () => new Int16Array(160));
    const speech = [
      ...silence,
      ...(await speechFrames('Sales, please. I would like to book a visit.')),
      ...silence,
    ];
    const noise = speech.map((f) => f.map(() => Math.round((Math.random() - 0.5) * 200)));

    const alone = await probabilities(vad, speech);
    const together = await Promise.all([
      probabilities(vad, noise),
      probabilities(vad, speech),
      probabilities(vad, silence),
      probabilities(vad, speech.slice(7)),
    ]);
    expect(together[1]).toHaveLength(alone.length);
    together[1]!.forEach((p, i) => expect(p).toBeCloseTo(alone[i]!, 4));

    expect(Math.max(...alone)).toBeGreaterThan(0.8);
    expect(Math.max(...alone.slice(0, 10))).toBeLessThan(0.2); // the half second of silence before
    expect(Math.max(...together[2]!)).toBeLessThan(0.2);
  });
});
