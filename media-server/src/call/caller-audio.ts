import { Endpointer, type EndpointerConfig, type EndpointEvent } from '../audio/endpointer.ts';
import { VAD_WINDOW_MS, type VadStream } from '../audio/silero-vad.ts';
import type { PcmFrame } from './media-leg.ts';

export interface SpeechOnset {
  /** Wall time of the first voiced audio. */
  onsetAt: number;
}

export interface SpeechEnd {
  /** Wall time of the end of the last voiced audio. */
  lastVoiceAt: number;
  /** Wall time the silence rule fired. */
  endpointAt: number;
  speechMs: number;
  endSilenceMs: number;
  forced: boolean;
}

export interface CallerAudioOptions {
  sampleRate: 8000 | 16000;
  vad: VadStream;
  endpointer: EndpointerConfig;
  preRollMs: number;
  now: () => number;
  onOnset: (onset: SpeechOnset) => void;
  onEnd: (end: SpeechEnd) => void;
  onError: (error: Error) => void;
}

/**
 * The caller's side of the media: every frame goes through Silero VAD and the endpointer, and, while an
 * utterance is being captured, to the recogniser (starting with a little audio from before the onset).
 * Audio time counts 20 ms per frame; it is mapped to wall time through each frame's arrival time.
 */
export class CallerAudio {
  private readonly endpointer: Endpointer;
  private readonly preRoll: PcmFrame[] = [];
  private readonly preRollFrames: number;
  private capture: ((pcm: PcmFrame) => void) | null = null;
  private frames = 0;
  private windows = 0;
  private endSilenceMs: number;
  private chain: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(private readonly options: CallerAudioOptions) {
    this.endpointer = new Endpointer(options.endpointer);
    this.endSilenceMs = options.endpointer.endSilenceMs;
    this.preRollFrames = Math.ceil(options.preRollMs / 20);
  }

  get inSpeech(): boolean {
    return this.endpointer.inSpeech;
  }

  setEndSilence(ms: number): void {
    this.endSilenceMs = ms;
    this.endpointer.setEndSilence(ms);
  }

  push(frame: PcmFrame): void {
    if (this.closed) return;
    const arrivedAt = this.options.now();
    this.frames += 1;
    const audioEndMs = this.frames * 20;
    this.capture?.(frame);
    this.preRoll.push(frame);
    if (this.preRoll.length > this.preRollFrames) this.preRoll.shift();
    // VAD runs asynchronously but strictly in order; the endpointer sees windows in audio order.
    const probabilities = this.options.vad.push(frame);
    this.chain = this.chain
      .then(async () => this.analyse(await probabilities, audioEndMs, arrivedAt))
      .catch((error: unknown) =>
        this.options.onError(error instanceof Error ? error : new Error(String(error))),
      );
  }

  /** Sends the pre-roll, then every new frame, to `sink` until stopCapture. */
  startCapture(sink: (pcm: PcmFrame) => void): void {
    for (const frame of this.preRoll) sink(frame);
    this.capture = sink;
  }

  stopCapture(): void {
    this.capture = null;
  }

  close(): void {
    this.closed = true;
    this.capture = null;
  }

  private analyse(probabilities: number[], audioEndMs: number, arrivedAt: number): void {
    if (this.closed) return;
    const toWall = (audioMs: number) => arrivedAt - (audioEndMs - audioMs);
    for (const probability of probabilities) {
      this.windows += 1;
      const event = this.endpointer.push(probability, this.windows * VAD_WINDOW_MS, VAD_WINDOW_MS);
      if (event) this.report(event, toWall);
    }
    const tick = this.endpointer.tick(audioEndMs);
    if (tick) this.report(tick, toWall);
  }

  private report(event: EndpointEvent, toWall: (audioMs: number) => number): void {
    if (event.type === 'speech_start') {
      this.options.onOnset({ onsetAt: toWall(event.atMs) });
      return;
    }
    const lastVoiceAt = toWall(event.lastVoiceMs);
    this.options.onEnd({
      lastVoiceAt,
      endpointAt: this.options.now(),
      speechMs: event.lastVoiceMs - event.startedMs,
      endSilenceMs: this.endSilenceMs,
      forced: event.forced,
    });
  }
}
