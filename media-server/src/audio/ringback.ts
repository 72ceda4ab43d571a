/**
 * The ringing tone a caller hears while a warm transfer's target rings, generated (no audio files): the
 * ITU-T E.180 tone of the call's language. Russian and most of Europe: 425 Hz, 1 s on, 4 s off; North
 * America (English): 440 + 480 Hz, 2 s on, 4 s off.
 */
import type { MediaLeg, PcmFrame } from '../call/media-leg.ts';

export interface RingbackCadence {
  frequencies: readonly number[];
  onMs: number;
  offMs: number;
}

const RUSSIAN: RingbackCadence = { frequencies: [425], onMs: 1000, offMs: 4000 };
const NORTH_AMERICAN: RingbackCadence = { frequencies: [440, 480], onMs: 2000, offMs: 4000 };

/** The cadence for a BCP-47 language: English gets the North American tone, every other the 425 Hz one. */
export function ringbackFor(language: string): RingbackCadence {
  return language.toLowerCase().startsWith('en') ? NORTH_AMERICAN : RUSSIAN;
}

/** About -13 dBm0 per tone: clearly audible, well below speech peaks. */
const AMPLITUDE = 4000;
const FRAME_MS = 20;
/** Frames kept queued on the leg: enough to ride out a late timer, little to drop when the target answers. */
const AHEAD = 5;

/** An endless ringback signal, one 20 ms frame at a time (phase kept across frames). */
export function ringbackFrames(cadence: RingbackCadence, sampleRate: number): () => PcmFrame {
  const samples = (sampleRate * FRAME_MS) / 1000;
  const period = ((cadence.onMs + cadence.offMs) * sampleRate) / 1000;
  const on = (cadence.onMs * sampleRate) / 1000;
  const amplitude = AMPLITUDE / cadence.frequencies.length;
  let n = 0;
  return () => {
    const frame = new Int16Array(samples);
    for (let i = 0; i < samples; i += 1, n += 1) {
      if (n % period >= on) continue;
      let value = 0;
      for (const hz of cadence.frequencies) value += Math.sin((2 * Math.PI * hz * n) / sampleRate);
      frame[i] = Math.round(value * amplitude);
    }
    return frame;
  };
}

/**
 * Plays ringback to a leg until the returned stop is called; stop drops what is still queued, so the caller
 * goes from ringing straight to the answer. Anything already queued (the "connecting you" prompt) plays first.
 */
export function startRingback(leg: MediaLeg, language: string): () => void {
  const next = ringbackFrames(ringbackFor(language), leg.sampleRate);
  const topUp = () => {
    for (let queued = leg.queuedFrames; queued < AHEAD; queued += 1) leg.play(next());
  };
  topUp();
  const timer = setInterval(topUp, FRAME_MS * 2);
  let stopped = false;
  return () => {
    if (stopped) return;
    stopped = true;
    clearInterval(timer);
    leg.clearPlayback();
  };
}
