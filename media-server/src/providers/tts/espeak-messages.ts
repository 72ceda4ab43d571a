/** What the media server and its espeak-ng worker threads (espeak.worker.ts, espeak-pool.ts) say to each other. */
export type EspeakRequest =
  | { type: 'synthesize'; id: number; voice: string; text: string; sampleRate: number }
  /** The caller stopped listening (barge-in, hang-up): drop the job if it has not started. */
  | { type: 'cancel'; id: number };

export type EspeakReply =
  | { type: 'ready'; voices: string[] }
  /** PCM at the job's sample rate; its buffer is transferred, not copied. */
  | { type: 'chunk'; id: number; pcm: Int16Array }
  /** `busyMs`: the thread's time on this job, for the capacity figures. */
  | { type: 'done'; id: number; busyMs: number }
  | { type: 'failed'; id: number; message: string };
