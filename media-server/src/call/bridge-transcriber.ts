import type { Logger } from '#server/logger.ts';
import type { VadFactory } from '../audio/silero-vad.ts';
import type { SttProvider } from '../providers/stt/stt-provider.ts';
import { CallerAudio } from './caller-audio.ts';
import type { EndpointerConfig } from '../audio/endpointer.ts';
import type { PcmFrame } from './media-leg.ts';

export interface TranscribedLine {
  text: string;
  startAt: number;
  endAt: number;
}

export interface BridgeTranscriberOptions {
  sampleRate: 8000 | 16000;
  vad: VadFactory;
  stt: SttProvider;
  language: string;
  endpointer: EndpointerConfig;
  now: () => number;
  logger: Logger;
  onLine: (line: TranscribedLine) => void;
}

/**
 * One side of a caller–operator conversation written down: the same voice detection and endpointing the
 * bot listens with cut the stream into utterances, each recognised on its own. Nothing is answered; the
 * lines only go to the transcript. Utterances the recogniser returns nothing for are dropped.
 */
export class BridgeTranscriber {
  private readonly audio: CallerAudio;
  private pending: {
    startAt: number;
    abort: AbortController;
    session: ReturnType<SttProvider['start']>;
  } | null = null;

  constructor(private readonly options: BridgeTranscriberOptions) {
    this.audio = new CallerAudio({
      sampleRate: options.sampleRate,
      vad: options.vad(options.sampleRate),
      endpointer: options.endpointer,
      preRollMs: 200,
      now: options.now,
      onOnset: ({ onsetAt }) => this.onset(onsetAt),
      onEnd: ({ lastVoiceAt }) => void this.end(lastVoiceAt),
      onError: (error) => options.logger.warn({ err: error }, 'bridge voice detection failed'),
    });
  }

  push(frame: PcmFrame): void {
    this.audio.push(frame);
  }

  close(): void {
    this.audio.close();
    this.pending?.abort.abort();
    this.pending = null;
  }

  private onset(startAt: number): void {
    this.pending?.abort.abort();
    const abort = new AbortController();
    const session = this.options.stt.start({
      language: this.options.language,
      sampleRate: this.options.sampleRate,
      signal: abort.signal,
    });
    session.on('error', (error) => this.options.logger.warn({ err: error }, 'bridge recognition failed'));
    this.pending = { startAt, abort, session };
    this.audio.startCapture((pcm) => session.write(pcm));
  }

  private async end(endAt: number): Promise<void> {
    const pending = this.pending;
    this.pending = null;
    this.audio.stopCapture();
    if (!pending) return;
    pending.session.end();
    try {
      const results = await pending.session.done;
      const text = results
        .map((r) => r.text.trim())
        .filter(Boolean)
        .join(' ');
      if (text) this.options.onLine({ text, startAt: pending.startAt, endAt });
    } catch (error) {
      this.options.logger.warn({ err: error }, 'bridge recognition failed');
    }
  }
}
