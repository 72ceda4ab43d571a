/**
 * What a queued caller hears between announcements: a soft generated chime (no music files, nothing under
 * copyright). Three notes of a major chord, each faded in and out, then a pause, over and over; quiet
 * enough that the announcements stand out, present enough that the caller knows the line is alive.
 */
import type { MediaLeg, PcmFrame } from '../call/media-leg.ts';

const FRAME_MS = 20;
/** Frames kept queued on the leg: rides out a late timer, little to drop when an operator joins. */
const AHEAD = 5;
const AMPLITUDE = 2500;
/** C5, E5, G5 then a rest: one cycle is 4 notes of 600 ms. */
const NOTES = [523.25, 659.25, 783.99, 0];
const NOTE_MS = 600;

/** An endless hold signal, one 20 ms frame at a time (phase kept across frames). */
export function holdToneFrames(sampleRate: number): () => PcmFrame {
  const samples = (sampleRate * FRAME_MS) / 1000;
  const noteSamples = (NOTE_MS * sampleRate) / 1000;
  const fade = noteSamples / 6;
  let n = 0;
  return () => {
    const frame = new Int16Array(samples);
    for (let i = 0; i < samples; i += 1, n += 1) {
      const note = Math.floor(n / noteSamples) % NOTES.length;
      const hz = NOTES[note] ?? 0;
      if (hz === 0) continue;
      const at = n % noteSamples;
      const envelope = Math.min(1, at / fade, (noteSamples - at) / fade);
      frame[i] = Math.round(AMPLITUDE * envelope * Math.sin((2 * Math.PI * hz * n) / sampleRate));
    }
    return frame;
  };
}

export interface HoldTone {
  /** Stops topping up (an announcement is about to play); what is queued plays out. */
  pause(): void;
  resume(): void;
  /** Stops for good and drops what is queued. */
  stop(): void;
}

/** Plays the hold tone to a leg until stopped; paused while something else speaks to it. */
export function startHoldTone(leg: MediaLeg): HoldTone {
  const next = holdToneFrames(leg.sampleRate);
  let paused = false;
  let stopped = false;
  const topUp = () => {
    if (paused || stopped) return;
    for (let queued = leg.queuedFrames; queued < AHEAD; queued += 1) leg.play(next());
  };
  topUp();
  const timer = setInterval(topUp, FRAME_MS * 2);
  return {
    pause: () => (paused = true),
    resume: () => {
      paused = false;
      topUp();
    },
    stop: () => {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      leg.clearPlayback();
    },
  };
}
