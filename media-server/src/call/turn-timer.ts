import type { TurnTrace } from '#flow-runtime/index';
import type { StageTimings, TurnTrigger, VoiceCallEventOf } from '#server/calls/call-events.ts';
import { traceDetails } from '#server/calls/trace-details.ts';

const span = (from: number | undefined, to: number | undefined) =>
  from === undefined || to === undefined ? undefined : Math.max(0, to - from);

/** The timings of one turn, from what triggered it to its first reply frame; becomes `turn.completed`. */
export class TurnTimer {
  sttDoneAt: number | undefined;
  runtimeMs = 0;
  trace: TurnTrace | undefined;
  ttsFirstByteMs: number | undefined;
  firstFrameAt: number | undefined;
  filler = false;
  readonly reply: string[] = [];
  completed = false;
  confidence: number | undefined;

  constructor(
    readonly trigger: TurnTrigger,
    /** When the turn was decided: endpointing, the last digit, the no-input timeout. */
    readonly triggerAt: number,
    readonly input?: string,
    readonly speech?: { lastVoiceAt: number; endpointAt: number; onsetAt?: number },
  ) {}

  toEvent(callId: string, turn: number, at: number): VoiceCallEventOf<'turn.completed'> {
    const llm = this.trace?.llmCalls.find((call) => call.firstTokenMs !== undefined);
    const speechEnd = this.speech?.lastVoiceAt;
    const timings: StageTimings = {
      runtimeMs: this.runtimeMs,
      ...opt('endpointingMs', span(speechEnd, this.speech?.endpointAt)),
      ...opt('sttMs', span(this.speech?.endpointAt, this.sttDoneAt)),
      ...opt('llmFirstTokenMs', llm?.firstTokenMs),
      ...opt('ttsFirstByteMs', this.ttsFirstByteMs),
      ...opt('firstAudioMs', span(this.triggerAt, this.firstFrameAt)),
      ...opt('responseMs', span(speechEnd, this.firstFrameAt)),
    };
    return {
      type: 'turn.completed',
      callId,
      at,
      turn,
      trigger: this.trigger,
      ...(this.input === undefined ? {} : { input: this.input }),
      reply: this.reply.join(' '),
      nodePath: this.trace?.path.map((step) => step.nodeId) ?? [],
      timings,
      filler: this.filler,
      ...opt('confidence', this.confidence),
      ...opt('speechStartAt', this.speech?.onsetAt),
      ...opt('speechEndAt', speechEnd),
      ...opt('replyAt', this.firstFrameAt),
      ...traceDetails(this.trace),
    };
  }
}

function opt<K extends string>(key: K, value: number | undefined): Partial<Record<K, number>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, number>);
}
