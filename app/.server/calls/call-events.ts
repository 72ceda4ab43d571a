import { z } from 'zod';

/**
 * What a call reports while it runs, for the calls and monitor views (through Redis Streams, wired by the
 * lead) and for the browser test console. Times are epoch milliseconds; durations are milliseconds.
 */
const base = { callId: z.string().min(1), at: z.number() };

export const stageTimingsSchema = z.object({
  /** From the end of the caller's voice to the endpointing decision (the configured silence, quantised). */
  endpointingMs: z.number().nonnegative().optional(),
  /** From the endpointing decision (or the last audio) to the final transcript. */
  sttMs: z.number().nonnegative().optional(),
  /** runTurn with its Redis load and save. */
  runtimeMs: z.number().nonnegative(),
  /** From the first LLM request of the turn to its first token, when the trace has it. */
  llmFirstTokenMs: z.number().nonnegative().optional(),
  /** From the TTS request of the reply's first sentence to its first audio (0 when cached). */
  ttsFirstByteMs: z.number().nonnegative().optional(),
  /** From the turn's trigger (endpointing decision, last digit, timeout) to the first reply frame out. */
  firstAudioMs: z.number().nonnegative().optional(),
  /** From the end of the caller's voice to the first reply frame out: the latency the caller feels. */
  responseMs: z.number().nonnegative().optional(),
});

/** Who served each stage of a turn (e.g. "yandex:Main account", "espeak"), as of its end. */
export const stageProvidersSchema = z.object({
  stt: z.string().optional(),
  tts: z.string().optional(),
  llm: z.string().optional(),
  /** The stages served by a stand-in because the agent's own provider failed (mid-call or at start). */
  fallback: z.array(z.enum(['stt', 'tts', 'llm'])).optional(),
});
export type StageProviders = z.infer<typeof stageProvidersSchema>;
export type StageTimings = z.infer<typeof stageTimingsSchema>;

export const turnTriggerSchema = z.enum([
  'start',
  'utterance',
  'dtmf',
  'silence',
  'transfer_failed',
  'operator_returned',
]);
export type TurnTrigger = z.infer<typeof turnTriggerSchema>;

export const callEndReasonSchema = z.enum([
  'remote_hangup',
  'local_hangup',
  'flow_hangup',
  'transferred',
  'max_duration',
  'media_timeout',
  'drain',
  'error',
]);
export type CallEndReason = z.infer<typeof callEndReasonSchema>;

export const callStateSchema = z.enum(['speaking', 'listening', 'thinking', 'ended']);
export type CallState = z.infer<typeof callStateSchema>;

export const voiceCallEventSchema = z.discriminatedUnion('type', [
  z.object({
    ...base,
    type: z.literal('call.started'),
    projectId: z.string().optional(),
    from: z.string(),
    to: z.string(),
    sampleRate: z.union([z.literal(8000), z.literal(16000)]),
    direction: z.enum(['inbound', 'outbound', 'browser', 'test']),
    /** The agent and exact version the call runs (for the call record). */
    agentId: z.string().optional(),
    versionId: z.string().optional(),
    /** The outbound campaign that placed the call (its dialer's attempt), for the monitor's filter. */
    campaignId: z.string().optional(),
  }),
  z.object({ ...base, type: z.literal('call.state'), state: callStateSchema }),
  z.object({
    ...base,
    type: z.literal('call.speech_started'),
    /** Wall time of the first voiced audio. */
    onsetAt: z.number(),
    /** Whether the flow hears it (false during a prompt that cannot be interrupted, or while thinking). */
    accepted: z.boolean(),
  }),
  z.object({
    ...base,
    type: z.literal('call.speech_ended'),
    lastVoiceAt: z.number(),
    speechMs: z.number().nonnegative(),
    endSilenceMs: z.number().int().positive(),
    endpointingMs: z.number().nonnegative(),
    forced: z.boolean(),
  }),
  z.object({
    ...base,
    type: z.literal('call.barge_in'),
    onsetAt: z.number(),
    /** From the first voiced audio to the moment the leg's queued playback was dropped. */
    latencyMs: z.number().nonnegative(),
    droppedFrames: z.number().int().nonnegative(),
  }),
  z.object({
    ...base,
    type: z.literal('call.transcript'),
    text: z.string(),
    final: z.boolean(),
    confidence: z.number().min(0).max(1).optional(),
    recognised: z.boolean(),
  }),
  z.object({ ...base, type: z.literal('call.reply'), text: z.string() }),
  /** A provider failed mid-call and the next one took over (issue 16): the call went on. */
  z.object({
    ...base,
    type: z.literal('call.provider_failed'),
    stage: z.enum(['stt', 'tts', 'llm']),
    provider: z.string(),
    replacedBy: z.string().nullable(),
    code: z.string(),
    message: z.string(),
  }),
  z.object({ ...base, type: z.literal('call.dtmf'), digits: z.string(), direction: z.enum(['in', 'out']) }),
  z.object({
    ...base,
    type: z.literal('call.dead_air_filler'),
    text: z.string(),
    waitedMs: z.number().nonnegative(),
  }),
  z.object({
    ...base,
    type: z.literal('turn.completed'),
    turn: z.number().int().nonnegative(),
    trigger: turnTriggerSchema,
    input: z.string().optional(),
    reply: z.string(),
    nodePath: z.array(z.string()),
    timings: stageTimingsSchema,
    /** The providers behind the timings (issue 16); the call record keeps them with the timings. */
    providers: stageProvidersSchema.optional(),
    filler: z.boolean(),
    /** STT confidence of the caller's words, when the recogniser gives one. */
    confidence: z.number().min(0).max(1).optional(),
    /** Wall times of the caller's speech (onset, last voice) and of the reply's first frame: the call
     * record turns them into offsets in the recording. */
    speechStartAt: z.number().optional(),
    speechEndAt: z.number().optional(),
    replyAt: z.number().optional(),
    /** The turn's tool calls and variable changes, from the runtime's trace. */
    toolCalls: z
      .array(
        z.object({
          nodeId: z.string(),
          name: z.string(),
          args: z.record(z.string(), z.unknown()),
          ok: z.boolean(),
          durationMs: z.number(),
          error: z.string().optional(),
          /** What the tool answered (cut to a preview when big). */
          result: z.unknown().optional(),
          status: z.number().int().optional(),
        }),
      )
      .optional(),
    variables: z.record(z.string(), z.unknown()).optional(),
    /** Knowledge searches of the turn with the passages found, best first. */
    knowledge: z
      .array(
        z.object({
          nodeId: z.string(),
          query: z.string(),
          chunks: z.array(z.object({ id: z.string(), source: z.string(), score: z.number() })),
        }),
      )
      .optional(),
  }),
  z.object({
    ...base,
    type: z.literal('call.transfer'),
    target: z.object({ kind: z.string(), value: z.string() }),
    mode: z.enum(['warm', 'cold']),
    handoff: z.unknown(),
    ok: z.boolean(),
    error: z.string().optional(),
  }),
  /** A person from an operator queue joined the waiting caller (their browser audio bridged in), or left. */
  z.object({
    ...base,
    type: z.literal('call.operator'),
    /** `returned`: the operator handed the caller back to the bot, at `nodeId`. */
    action: z.enum(['joined', 'left', 'returned']),
    nodeId: z.string().optional(),
    operatorUserId: z.string(),
    handoffId: z.string().optional(),
  }),
  /** A supervisor joined from the live monitor (whisper, barge, take-over) or left (issue 20). */
  z.object({
    ...base,
    type: z.literal('call.supervisor'),
    action: z.enum(['whisper', 'barge', 'takeover', 'left']),
    userId: z.string(),
  }),
  /**
   * A caller left an operator queue without a person (issue 20): nobody answered within the queue's maximum
   * wait, or the queue is closed by its working hours; `then` is the queue's after-wait action carried out.
   */
  z.object({
    ...base,
    type: z.literal('call.queue'),
    action: z.enum(['timeout', 'closed']),
    queue: z.string(),
    then: z.enum(['node', 'callback', 'hangup', 'number', 'queue']),
    /** The block, phone number or queue the caller went to. */
    target: z.string().optional(),
  }),
  /** One line of the caller–operator conversation, recognised after the bot handed over (`seq` orders them). */
  z.object({
    ...base,
    type: z.literal('call.operator_line'),
    speaker: z.enum(['caller', 'operator']),
    text: z.string(),
    startAt: z.number(),
    endAt: z.number(),
    seq: z.number().int().nonnegative(),
  }),
  z.object({
    ...base,
    type: z.literal('call.ended'),
    reason: callEndReasonSchema,
    disposition: z.string().optional(),
    durationMs: z.number().nonnegative(),
    turns: z.number().int().nonnegative(),
    recordingPath: z.string().optional(),
    error: z.string().optional(),
    /** How the call ended at the SIP level, e.g. `BYE from caller; Q.850 cause 16 (Normal call clearing)`
     * (format in sip-gateway/end-cause.ts); absent for browser and test calls. */
    sipCause: z.string().max(500).optional(),
  }),
]);

export type VoiceCallEvent = z.infer<typeof voiceCallEventSchema>;
export type VoiceCallEventType = VoiceCallEvent['type'];
export type VoiceCallEventOf<T extends VoiceCallEventType> = Extract<VoiceCallEvent, { type: T }>;

/** Where a call's events go. Must not throw and must not block: the call does not wait for it. */
export type CallEventSink = (event: VoiceCallEvent) => void;
