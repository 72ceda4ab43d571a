/**
 * Turns VAD probabilities into utterances: speech starts after `minSpeechMs` of voiced windows and ends
 * after `endSilenceMs` with nothing voiced. Two thresholds (hysteresis) keep a word's quiet tail from
 * ending it early. Pure and clocked by audio time, so it is tested without audio or timers.
 */
export interface EndpointerConfig {
  /** A window at or above this probability is speech. */
  threshold: number;
  /** Once speaking, a window below this counts as silence (between the two, speech continues). */
  negThreshold: number;
  /** Voiced audio needed before an onset is reported; shorter bursts (clicks, breaths) are ignored. */
  minSpeechMs: number;
  /** Silence after speech that ends the utterance. */
  endSilenceMs: number;
  /** An utterance this long is ended even if the caller keeps talking (a radio in the background). */
  maxUtteranceMs: number;
}

export const defaultEndpointerConfig: EndpointerConfig = {
  threshold: 0.5,
  negThreshold: 0.35,
  minSpeechMs: 64,
  endSilenceMs: 700,
  maxUtteranceMs: 30_000,
};

export type EndpointEvent =
  /** `atMs`: audio time where the first voiced window began. */
  | { type: 'speech_start'; atMs: number }
  /** `lastVoiceMs`: end of the last voiced window; `atMs`: when the silence rule fired. */
  | { type: 'speech_end'; atMs: number; lastVoiceMs: number; startedMs: number; forced: boolean };

export class Endpointer {
  private speaking = false;
  private candidateStart: number | null = null;
  private voicedMs = 0;
  private startedMs = 0;
  private lastVoiceMs = 0;

  constructor(private config: EndpointerConfig = defaultEndpointerConfig) {}

  get inSpeech(): boolean {
    return this.speaking;
  }

  /** A listen command may ask for a different end silence; it applies from the next window on. */
  setEndSilence(ms: number): void {
    this.config = { ...this.config, endSilenceMs: ms };
  }

  /** Forgets a half-detected onset or utterance (a new prompt, a turn that took over). */
  reset(): void {
    this.speaking = false;
    this.candidateStart = null;
    this.voicedMs = 0;
  }

  /**
   * Called as each 20 ms frame arrives, between windows: ends the utterance as soon as the received audio
   * holds `endSilenceMs` of silence, instead of waiting up to 32 ms for the window that completes it. The
   * unanalysed tail is shorter than one window, so the silence heard may be short by at most that much.
   */
  tick(audioMs: number): EndpointEvent | null {
    if (!this.speaking || audioMs - this.lastVoiceMs < this.config.endSilenceMs) return null;
    this.speaking = false;
    return {
      type: 'speech_end',
      atMs: audioMs,
      lastVoiceMs: this.lastVoiceMs,
      startedMs: this.startedMs,
      forced: false,
    };
  }

  /** One window's probability; `endMs` is the audio time at the end of the window. */
  push(probability: number, endMs: number, windowMs: number): EndpointEvent | null {
    const startMs = endMs - windowMs;
    if (!this.speaking) {
      if (probability >= this.config.threshold) {
        this.candidateStart ??= startMs;
        this.voicedMs += windowMs;
        if (this.voicedMs >= this.config.minSpeechMs) {
          this.speaking = true;
          this.startedMs = this.candidateStart;
          this.lastVoiceMs = endMs;
          this.candidateStart = null;
          this.voicedMs = 0;
          return { type: 'speech_start', atMs: this.startedMs };
        }
      } else if (probability < this.config.negThreshold) {
        this.candidateStart = null;
        this.voicedMs = 0;
      }
      return null;
    }
    if (probability >= this.config.negThreshold) this.lastVoiceMs = endMs;
    const silentFor = endMs - this.lastVoiceMs;
    const forced = endMs - this.startedMs >= this.config.maxUtteranceMs;
    if (silentFor >= this.config.endSilenceMs || forced) {
      this.speaking = false;
      return {
        type: 'speech_end',
        atMs: endMs,
        lastVoiceMs: this.lastVoiceMs,
        startedMs: this.startedMs,
        forced: forced && silentFor < this.config.endSilenceMs,
      };
    }
    return null;
  }
}
