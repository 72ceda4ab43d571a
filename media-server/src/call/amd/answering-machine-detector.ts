/**
 * Who picked up an outbound call, from the first seconds of the callee's audio: a person says a short "Алло?"
 * / "Hello?" and waits; an answering machine plays a long greeting and often a beep. Decides within
 * `maxMs` (3 s by default) from 20 ms energy frames against an adaptive noise floor, the way carrier AMD
 * does (initial silence, greeting length, silence after the greeting), plus a steady-tone check for beeps.
 * Pure and clock-free: time is counted in audio, so a recording gives the same verdict as a live call.
 */

export type AnsweredBy = 'human' | 'machine' | 'unknown';

export interface AmdVerdict {
  answeredBy: AnsweredBy;
  /** Audio time (ms from the answer) the verdict was reached at. */
  atMs: number;
  /** Which rule decided: short_greeting, long_greeting, beep, silence, timeout. */
  reason: string;
}

export interface AmdOptions {
  sampleRate: number;
  /** Give a verdict by this much audio at the latest. */
  maxMs?: number;
  /** Speech in one greeting (pauses shorter than `wordGapMs` bridged) beyond this is a machine's. */
  longGreetingMs?: number;
  /** Silence after a short greeting that shows a person waiting for an answer. */
  afterGreetingSilenceMs?: number;
  /** Pauses shorter than this are inside one greeting. */
  wordGapMs?: number;
}

const FRAME_MS = 20;
/** Speech must stand this far above the noise floor (dB), and above an absolute floor. */
const SPEECH_OVER_FLOOR_DB = 9;
const ABSOLUTE_FLOOR_DB = -50;
/** A beep: this many frames of a loud pure tone at one pitch. */
const BEEP_FRAMES = 6;
/** Share of a frame's energy in its strongest tone bin for the frame to count as a tone. */
const TONE_PURITY = 0.6;
/** Voicemail beeps sit between 400 and 2000 Hz. */
const TONE_FREQUENCIES = Array.from({ length: 33 }, (_, i) => 400 + i * 50);
/** The noise floor rises this much per quiet-or-loud frame (2 dB/s), and drops at once to a quieter one. */
const FLOOR_RISE_DB = 0.04;

function dbfs(sum: number, count: number): number {
  const rms = Math.sqrt(sum / Math.max(1, count)) / 32768;
  return rms > 0 ? 20 * Math.log10(rms) : -120;
}

export class AnsweringMachineDetector {
  private readonly frameSize: number;
  private readonly maxMs: number;
  private readonly longGreetingMs: number;
  private readonly afterSilenceMs: number;
  private readonly wordGapMs: number;
  private buffer: Int16Array;
  private filled = 0;
  private frames = 0;
  private floorDb = -60;
  private speechMs = 0;
  private greetingStartMs: number | null = null;
  private silenceRunMs = 0;
  private toneRun = 0;
  private lastTone = -1;
  private readonly coefficients: number[];
  private verdict: AmdVerdict | null = null;
  /** After a machine verdict: whether the greeting has ended (a beep, or a long silence). */
  private greetingOverAt: number | null = null;

  constructor(options: AmdOptions) {
    this.frameSize = Math.round((options.sampleRate * FRAME_MS) / 1000);
    this.buffer = new Int16Array(this.frameSize);
    this.maxMs = options.maxMs ?? 3000;
    this.longGreetingMs = options.longGreetingMs ?? 1700;
    this.afterSilenceMs = options.afterGreetingSilenceMs ?? 700;
    this.wordGapMs = options.wordGapMs ?? 400;
    this.coefficients = TONE_FREQUENCIES.map((f) => 2 * Math.cos((2 * Math.PI * f) / options.sampleRate));
  }

  get elapsedMs(): number {
    return this.frames * FRAME_MS;
  }

  /** The verdict once reached (it never changes after). */
  get result(): AmdVerdict | null {
    return this.verdict;
  }

  /** After a machine verdict: the audio time its greeting ended (beep or silence), for leaving a message. */
  get greetingEndedAtMs(): number | null {
    return this.greetingOverAt;
  }

  /** Feeds audio; answers the verdict as soon as there is one. */
  push(samples: Int16Array): AmdVerdict | null {
    let offset = 0;
    while (offset < samples.length) {
      const take = Math.min(this.frameSize - this.filled, samples.length - offset);
      this.buffer.set(samples.subarray(offset, offset + take), this.filled);
      this.filled += take;
      offset += take;
      if (this.filled === this.frameSize) {
        this.filled = 0;
        this.frame(this.buffer);
      }
    }
    return this.verdict;
  }

  /** The verdict now, deciding from what was heard when the time is up or the audio ended. */
  finish(): AmdVerdict {
    if (!this.verdict) this.decideAtTimeout();
    return this.verdict!;
  }

  private frame(frame: Int16Array): void {
    this.frames++;
    const now = this.elapsedMs;
    let sum = 0;
    for (let i = 0; i < frame.length; i++) sum += frame[i]! * frame[i]!;
    const level = dbfs(sum, frame.length);
    // The floor is a slowly rising minimum: line noise sets it, speech never does for long.
    this.floorDb = this.frames === 1 ? level : Math.min(this.floorDb + FLOOR_RISE_DB, level);
    const speech = level > ABSOLUTE_FLOOR_DB && level > this.floorDb + SPEECH_OVER_FLOOR_DB;

    // A beep is one pure tone held at one pitch; voiced speech spreads over harmonics and glides.
    const tone = speech ? this.strongestTone(frame, sum) : -1;
    this.toneRun =
      tone >= 0 && (this.toneRun === 0 || Math.abs(tone - this.lastTone) <= 1) ? this.toneRun + 1 : 0;
    this.lastTone = tone;

    if (speech) {
      this.greetingStartMs ??= now - FRAME_MS;
      this.speechMs += FRAME_MS;
      this.silenceRunMs = 0;
    } else this.silenceRunMs += FRAME_MS;

    if (this.verdict) {
      if (this.verdict.answeredBy === 'machine' && this.greetingOverAt === null) {
        if (this.toneRun === BEEP_FRAMES) this.greetingOverAt = now;
        else if (this.silenceRunMs >= 1500) this.greetingOverAt = now;
      }
      return;
    }
    if (this.toneRun >= BEEP_FRAMES) return this.decide('machine', 'beep');
    if (this.greetingStartMs === null) {
      if (now >= Math.min(this.maxMs, 2500)) this.decide('unknown', 'silence');
      return;
    }
    if (this.speechMs >= this.longGreetingMs) return this.decide('machine', 'long_greeting');
    if (!speech && this.silenceRunMs >= this.afterSilenceMs && this.speechMs >= 120)
      return this.decide('human', 'short_greeting');
    if (now >= this.maxMs) this.decideAtTimeout();
  }

  /** The index of the tone bin holding most of the frame's energy (Goertzel), or -1 when none is pure. */
  private strongestTone(frame: Int16Array, energy: number): number {
    let best = -1;
    let bestPower = 0;
    for (let k = 0; k < this.coefficients.length; k++) {
      const c = this.coefficients[k]!;
      let s1 = 0;
      let s2 = 0;
      for (let i = 0; i < frame.length; i++) {
        const s0 = frame[i]! + c * s1 - s2;
        s2 = s1;
        s1 = s0;
      }
      const power = s1 * s1 + s2 * s2 - c * s1 * s2;
      if (power > bestPower) {
        bestPower = power;
        best = k;
      }
    }
    // A pure sine of N samples puts N/2 × its energy in its bin.
    return bestPower / ((frame.length / 2) * energy) >= TONE_PURITY ? best : -1;
  }

  private decideAtTimeout(): void {
    if (this.greetingStartMs === null) return this.decide('unknown', 'silence');
    // Still talking at the deadline with most of a greeting said: a machine; a short word: a person.
    if (this.speechMs >= this.longGreetingMs * 0.75 && this.silenceRunMs < this.wordGapMs)
      return this.decide('machine', 'timeout');
    if (this.speechMs > 0 && this.speechMs < this.longGreetingMs / 2) return this.decide('human', 'timeout');
    this.decide('unknown', 'timeout');
  }

  private decide(answeredBy: AnsweredBy, reason: string): void {
    this.verdict = { answeredBy, atMs: this.elapsedMs, reason };
    if (answeredBy === 'machine' && reason === 'beep') this.greetingOverAt = this.elapsedMs;
  }
}
