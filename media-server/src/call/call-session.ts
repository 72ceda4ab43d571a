import {
  TRANSFER_CALL_ID,
  type CallEvent,
  type ListenCommand,
  type SayCommand,
  type TransferCommand,
} from '#flow-runtime/index';
import { unavailableDependency } from '#server/errors/dependency-unavailable.ts';
import type { ConversationStore, PortsFor, TurnOutput } from '../conversation/conversation-store.ts';
import type { Logger } from '#server/logger.ts';
import type { SttProvider, SttSession } from '../providers/stt/stt-provider.ts';
import type { TtsProvider } from '../providers/tts/tts-provider.ts';
import type { PromptAudioCache } from '../audio/prompt-audio-cache.ts';
import type { VadFactory } from '../audio/silero-vad.ts';
import type { CallEndReason, CallEventSink, CallState, VoiceCallEvent } from '#server/calls/call-events.ts';
import { AnsweringMachineDetector, type AmdVerdict } from './amd/answering-machine-detector.ts';
import { CallRecording } from './call-recording.ts';
import { ListenTap } from '../listen/listen-tap.ts';
import {
  callSettingsSchema,
  providerLanguage,
  type CallSettings,
  type CallSettingsInput,
} from './call-settings.ts';
import { CallerAudio, type SpeechEnd, type SpeechOnset } from './caller-audio.ts';
import { startHoldTone, type HoldTone } from '../audio/hold-tone.ts';
import { BridgeTranscriber } from './bridge-transcriber.ts';
import {
  queueAnnouncement,
  queueExitPhrase,
  type QueueExit,
  type QueueStanding,
} from './queue-announcement.ts';
import { atRate } from './rate-adapted-leg.ts';
import { SupervisorChannel, type SuperviseMode } from './supervisor-channel.ts';
import { CallerLeftError, startWarmTransfer, type Bridge, type DialTransfer } from './warm-transfer.ts';
import type { CommandContext } from './commands/command-context.ts';
import { runCommand } from './commands/command-table.ts';
import { DtmfCollector } from './dtmf-collector.ts';
import type { LegEndReason, MediaLeg, PcmFrame } from './media-leg.ts';
import { PromptSpeaker } from './prompt-speaker.ts';
import { TurnTimer } from './turn-timer.ts';

/** Waits before a turn is tried again while Redis is unreachable: about 10 s in all, then the call ends. */
const TURN_RETRY_DELAYS_MS = [250, 500, 1000, 2000, 2000, 2000, 2000];

export interface CallClock {
  /** Epoch milliseconds, fractional where the clock allows. */
  now(): number;
}

/** performance.now() on the epoch scale: sub-millisecond stage timings that still read as dates. */
export const systemClock: CallClock = { now: () => performance.timeOrigin + performance.now() };

export interface CallSessionDeps {
  leg: MediaLeg;
  /** The published flow version to run (any schema version; the store parses and caches it). */
  flow: unknown;
  /** Whose call this is: its turns reach that project's knowledge and credentials, and no other's. */
  projectId: string;
  /** The agent and version the flow is, for the call record. */
  agentId?: string;
  versionId?: string;
  direction?: 'inbound' | 'outbound' | 'browser' | 'test';
  /** Variables the flow starts with (a campaign contact's columns). */
  variables?: Record<string, string>;
  /**
   * Outbound campaign calls: who answered is decided from the callee's first seconds of audio before the
   * flow starts (`answered_by`); a machine is hung up on, or its greeting is waited out to leave a message.
   */
  answeringMachine?: AnsweringMachineOptions;
  conversations: ConversationStore;
  portsFor: PortsFor;
  /** Without one, DTMF still drives the flow and speech reaches it as an unrecognised utterance. */
  stt?: SttProvider;
  tts: TtsProvider;
  vad: VadFactory;
  /** Shared by all calls of the process. */
  promptCache: PromptAudioCache;
  clock?: CallClock;
  logger: Logger;
  events: CallEventSink;
  settings?: CallSettingsInput;
  /** What the leg should dial for a flow's transfer target; null when there is no route (the flow's
   * `failed` port then runs). Default: numbers and SIP addresses as given, queues have no route. */
  resolveTransfer?: (target: TransferCommand['target']) => string | null;
  /** Places a warm transfer's second leg (SIP calls); without it warm transfers go to the leg as before. */
  dialTransfer?: DialTransfer;
  /** The project's operator queue by name (issue 20); null when it has none of that name. */
  findQueue?: (name: string) => Promise<OperatorQueue | null>;
  /** The SIP connection the call came or went through (a warm transfer to a number dials out through it). */
  connectionId?: string;
}

/**
 * What a caller gets when they leave a queue without a person (the queue's after-wait action): back to a
 * block of the flow, a callback request and goodbye, goodbye, a transfer to a number, or another queue.
 * `message` is said first (empty: a short phrase in the caller's language).
 */
export type AfterWaitAction =
  | { kind: 'node'; nodeId: string; message: string }
  | { kind: 'callback' | 'hangup'; message: string }
  | { kind: 'number' | 'queue'; target: string; message: string };

/** What a call needs of an operator queue while its caller waits there. */
export interface OperatorQueue {
  /** The queue's name (the one a Transfer block gave). */
  name?: string;
  maxWaitMs: number;
  /** After the maximum wait, or at once when `closed`; absent: the Transfer block's failed port runs. */
  afterWait?: AfterWaitAction;
  /** The queue's working hours say it is closed now (read in the project's time zone). */
  closed?: boolean;
  /** How often the caller's position and wait are spoken (0 or absent: never; the hold tone only). */
  announceEveryMs?: number;
  /** Where this call stands in the queue now; null while not known (the call records have not queued it yet). */
  standing?: () => Promise<QueueStanding | null>;
}

/** Who joined a queued call: the operator's user id and the handoff they accepted. */
export interface OperatorJoin {
  userId: string;
  handoffId?: string;
}

/** A caller moved from queue to queue by their after-wait actions stops after this many moves (a loop). */
const MAX_QUEUE_MOVES = 3;

/** The first position announcement waits this long: the call records put the caller in the queue meanwhile. */
const FIRST_ANNOUNCEMENT_MS = 1500;

export interface AnsweringMachineOptions {
  machineAction: 'hangup' | 'leave_message';
  /** Audio to decide within (default 3 s). */
  maxMs?: number;
  /** Leave-message calls wait at most this long for the greeting's end (beep or silence). */
  greetingMaxMs?: number;
}

export interface CallSummary {
  reason: CallEndReason;
  disposition?: string;
  durationMs: number;
  turns: number;
  recordingPath?: string;
  /** The SIP end cause the leg reported (see sip-gateway/end-cause.ts); absent on non-SIP legs. */
  sipCause?: string;
}

interface Utterance {
  accepted: boolean;
  onsetAt?: number;
  stt?: SttSession;
  abort?: AbortController;
  partial?: string;
}

const legReasons: Record<LegEndReason, CallEndReason> = {
  remote_hangup: 'remote_hangup',
  local_hangup: 'local_hangup',
  transferred: 'transferred',
  media_timeout: 'media_timeout',
  error: 'error',
};

const defaultResolveTransfer = (target: TransferCommand['target']) =>
  target.kind === 'queue' ? null : target.value;

/**
 * One call: it runs the flow's turns against the caller's audio and keypad through a MediaLeg. It owns the
 * turn loop and the call's timers; audio analysis (CallerAudio), speech output (PromptSpeaker), digit
 * collection and recording are its parts, and the runtime's commands are carried out by the command table.
 */
export class CallSession implements CommandContext {
  readonly callId: string;
  readonly done: Promise<CallSummary>;
  private readonly settings: CallSettings;
  private readonly clock: CallClock;
  private readonly log: Logger;
  private readonly speaker: PromptSpeaker;
  private readonly callerAudio: CallerAudio;
  private readonly dtmf: DtmfCollector;
  private readonly recording: CallRecording | undefined;
  /** Both sides mixed for a supervisor listening in (passive until someone does). */
  readonly listenTap: ListenTap;
  private readonly startedAt: number;
  private resolveDone!: (summary: CallSummary) => void;

  private phase: 'new' | 'idle' | 'thinking' | 'ending' | 'ended' = 'new';
  private listening: ListenCommand | null = null;
  private listenGeneration = 0;
  private utterance: Utterance | null = null;
  private noInputTimer: ReturnType<typeof setTimeout> | undefined;
  private maxCallTimer: ReturnType<typeof setTimeout> | undefined;
  private deadAirTimer: ReturnType<typeof setTimeout> | undefined;
  /** A queued caller's wait: past the queue's maximum, the flow's failed port takes over. */
  private queueTimer: ReturnType<typeof setTimeout> | undefined;
  /** While queued: the hold tone, and the timer of the next position announcement. */
  private hold: HoldTone | null = null;
  private announceTimer: ReturnType<typeof setTimeout> | undefined;
  /** The transfer that queued the caller (its packet goes on to another queue or number) and the moves made. */
  private queuedBy: TransferCommand | null = null;
  private queueMoves = 0;
  /** An operator talking with the caller (their browser leg, at the caller's rate), and what writes it down. */
  private operator: {
    leg: MediaLeg;
    join: OperatorJoin;
    caller?: BridgeTranscriber;
    own?: BridgeTranscriber;
  } | null = null;
  private operatorLines = 0;
  /** A supervisor whispering, barging in or having taken the call over from the bot (one at a time). */
  private supervisor: SupervisorChannel | null = null;
  private turn: TurnTimer | null = null;
  private turns = 0;
  private followUp: { event: CallEvent; timer: TurnTimer } | null = null;
  private endReason: CallEndReason | null = null;
  private disposition: string | undefined;
  private conversationEnded = false;
  private lastState: CallState | null = null;
  /** The language the flow spoke last: fillers use it while no listen is active. */
  private language: string | undefined;
  /** A warm transfer is dialling or briefing: the caller's hangup is left to it (it cancels the target). */
  private warmTransfer = false;
  /** After a warm transfer: the two legs bridged; the call (and its recording) lasts until both end. */
  private bridge: Bridge | null = null;
  /** Listening for an answering machine before the flow starts (campaign calls). */
  private amd: { detector: AnsweringMachineDetector; heard: () => void } | null = null;

  constructor(private readonly deps: CallSessionDeps) {
    const { leg } = deps;
    this.callId = leg.callId;
    this.settings = callSettingsSchema.parse(deps.settings ?? {});
    this.clock = deps.clock ?? systemClock;
    this.log = deps.logger.child({ callId: leg.callId });
    this.startedAt = this.clock.now();
    this.done = new Promise((resolve) => (this.resolveDone = resolve));
    this.recording = this.settings.recordingDir
      ? new CallRecording(this.settings.recordingDir, leg.callId, this.startedAt, leg.sampleRate)
      : undefined;
    this.listenTap = new ListenTap({ sampleRate: leg.sampleRate, now: () => this.clock.now() });
    const recording = this.recording;
    const listenTap = this.listenTap;
    this.speaker = new PromptSpeaker({
      leg,
      tts: deps.tts,
      cache: deps.promptCache,
      ...(this.settings.voice ? { voice: this.settings.voice } : {}),
      now: () => this.clock.now(),
      logger: this.log,
      recording: {
        agent: (frame, playAt) => {
          recording?.agent(frame, playAt);
          listenTap.agent(frame, playAt);
        },
        cleared: (now) => {
          recording?.cleared(now);
          listenTap.cleared(now);
        },
      },
    });
    this.callerAudio = new CallerAudio({
      sampleRate: leg.sampleRate,
      vad: deps.vad(leg.sampleRate),
      endpointer: { ...this.settings.vad, endSilenceMs: this.settings.endSilenceMs },
      preRollMs: this.settings.preRollMs,
      now: () => this.clock.now(),
      onOnset: (onset) => this.onSpeechOnset(onset),
      onEnd: (end) => void this.onSpeechEnd(end),
      onError: (error) => this.log.error({ err: error }, 'voice activity detection failed'),
    });
    this.dtmf = new DtmfCollector((digits) => {
      const now = this.clock.now();
      void this.runCallerTurn({ type: 'dtmf', digits }, new TurnTimer('dtmf', now, digits));
    });
  }

  /** Answers the call: the greeting turn runs at once, then the call listens. */
  async start(): Promise<void> {
    if (this.phase !== 'new') return;
    const { leg } = this.deps;
    this.phase = 'thinking';
    leg.on('audio', this.onAudio);
    leg.on('dtmf', this.onDigit);
    leg.on('ended', this.onLegEnded);
    this.emit({
      type: 'call.started',
      projectId: this.deps.projectId,
      from: leg.from,
      to: leg.to,
      sampleRate: leg.sampleRate,
      direction: this.deps.direction ?? 'inbound',
      ...(this.deps.agentId ? { agentId: this.deps.agentId } : {}),
      ...(this.deps.versionId ? { versionId: this.deps.versionId } : {}),
      // A campaign's dialer names its campaign among the contact's variables (campaign-call-variables).
      ...(this.deps.variables?.campaign_id ? { campaignId: this.deps.variables.campaign_id } : {}),
    });
    this.log.info({ from: leg.from, to: leg.to }, 'call started');
    this.maxCallTimer = setTimeout(() => void this.end('max_duration'), this.settings.maxCallMs);
    let variables = this.deps.variables;
    if (this.deps.answeringMachine) {
      const verdict = await this.detectAnswerer(this.deps.answeringMachine);
      if (!verdict) return; // the call ended while listening
      variables = { ...variables, answered_by: verdict.answeredBy };
    }
    const event: CallEvent = {
      type: 'call_started',
      caller: { number: leg.from },
      callee: leg.to,
      direction: this.deps.direction ?? 'inbound',
      ...(variables ? { variables } : {}),
    };
    await this.runTurn(event, new TurnTimer('start', this.startedAt));
  }

  /**
   * Listens to the callee's first seconds (nothing is said meanwhile) and decides who answered. A machine
   * is hung up on (disposition `machine`, which the campaign retries), or, to leave a message, listened to
   * until its beep or the silence after its greeting. Null when the call ended first.
   */
  private async detectAnswerer(options: AnsweringMachineOptions): Promise<AmdVerdict | null> {
    const detector = new AnsweringMachineDetector({
      sampleRate: this.deps.leg.sampleRate,
      ...(options.maxMs ? { maxMs: options.maxMs } : {}),
    });
    const maxMs = options.maxMs ?? 3000;
    const until = (done: () => boolean, wallMs: number) =>
      new Promise<void>((resolve) => {
        // Wall time bounds it too: a leg that sends no audio must not hold the call.
        const timer = setTimeout(finish, wallMs);
        function finish() {
          clearTimeout(timer);
          resolve();
        }
        this.amd = { detector, heard: () => (done() || this.phase === 'ended' ? finish() : undefined) };
      });
    await until(() => detector.result !== null, maxMs + 1000);
    const verdict = detector.finish();
    this.log.info({ ...verdict }, 'answering-machine detection');
    if (this.over()) return (this.amd = null);
    if (verdict.answeredBy === 'machine' && options.machineAction === 'hangup') {
      this.amd = null;
      await this.hangup('machine');
      return null;
    }
    if (verdict.answeredBy === 'machine')
      await until(() => detector.greetingEndedAtMs !== null, options.greetingMaxMs ?? 20_000);
    this.amd = null;
    return this.over() ? null : verdict;
  }

  /** Read through a method: the phase changes while awaiting, which narrowing cannot see. */
  private over(): boolean {
    return this.phase === 'ended' || this.phase === 'ending';
  }

  /** Ends the call from our side (drain, limits, the operator console). Resolves when it has ended. */
  async end(reason: CallEndReason = 'local_hangup'): Promise<CallSummary> {
    const bridge = this.bridge;
    if ((bridge || this.warmTransfer) && this.phase !== 'ended') {
      if (!bridge) this.endReason ??= reason;
      // Bridged or mid-transfer: hanging up the caller ends the bridge (or cancels the dial), which
      // finishes the call.
      await Promise.all([
        this.deps.leg.hangup('local_hangup').catch(() => undefined),
        bridge?.other.hangup('local_hangup').catch(() => undefined),
      ]);
      return this.done;
    }
    if (this.phase !== 'ending' && this.phase !== 'ended') {
      this.endReason ??= reason;
      this.phase = 'ending';
      try {
        await this.deps.leg.hangup('local_hangup');
      } catch (error) {
        this.log.warn({ err: error }, 'leg hangup failed');
      }
      await this.finish(this.endReason);
    }
    return this.done;
  }

  // ---- media in ---------------------------------------------------------------------------------------

  private readonly onAudio = (frame: PcmFrame): void => {
    if (this.phase === 'ended') return;
    this.recording?.caller(frame, this.clock.now());
    this.listenTap.caller(frame);
    const operator = this.operator;
    if (operator) {
      // Talking with a person: the caller's voice goes to them and to the transcript, not to the flow.
      operator.leg.play(this.supervisor ? this.supervisor.forOperator(frame) : frame);
      operator.caller?.push(frame);
      return;
    }
    // A supervisor took over: the caller talks with them (heard on the listen-in), not with the flow.
    if (this.supervisor?.mode === 'takeover') return;
    if (this.amd) {
      this.amd.detector.push(frame);
      this.amd.heard();
    }
    this.callerAudio.push(frame);
  };

  private readonly onLegEnded = (reason: LegEndReason): void => {
    this.endReason ??= legReasons[reason];
    // A warm transfer in progress records how its dial ended first, then finishes the call.
    if (this.warmTransfer) return;
    void this.finish(this.endReason);
  };

  private onSpeechOnset({ onsetAt }: SpeechOnset): void {
    if (this.phase === 'ended' || this.phase === 'ending') return;
    const listen = this.listening;
    let accepted = this.phase === 'idle' && listen !== null && listen.modes.includes('speech');
    if (accepted && listen && this.speaker.busy) {
      if (listen.bargeIn && this.speaker.interruptible) this.bargeIn(onsetAt);
      else accepted = false; // speech over a prompt that must be heard out is not an answer
    }
    this.emit({ type: 'call.speech_started', onsetAt, accepted });
    const utterance: Utterance = { accepted, onsetAt };
    this.utterance = utterance;
    if (!accepted || !listen) return;
    clearTimeout(this.noInputTimer);
    this.dtmf.disarm();
    this.setState('listening');
    const stt = this.deps.stt;
    if (stt) {
      utterance.abort = new AbortController();
      const session = stt.start({
        language: providerLanguage(listen.language, this.settings.defaultLanguage),
        sampleRate: this.deps.leg.sampleRate,
        ...(listen.hints ? { hints: listen.hints } : {}),
        signal: utterance.abort.signal,
      });
      session.on('partial', (result) => {
        utterance.partial = result.text;
        this.emit({ type: 'call.transcript', text: result.text, final: false, recognised: true });
      });
      session.on('error', (error) => this.log.warn({ err: error }, 'speech recognition failed'));
      utterance.stt = session;
      this.callerAudio.startCapture((pcm) => session.write(pcm));
    }
  }

  private bargeIn(onsetAt: number): void {
    const dropped = this.speaker.interrupt();
    const now = this.clock.now();
    this.emit({
      type: 'call.barge_in',
      onsetAt,
      latencyMs: Math.max(0, now - onsetAt),
      droppedFrames: dropped,
    });
    this.log.debug({ dropped, latencyMs: now - onsetAt }, 'barge-in');
  }

  private async onSpeechEnd(end: SpeechEnd): Promise<void> {
    if (this.phase === 'ended' || this.phase === 'ending') return;
    this.emit({
      type: 'call.speech_ended',
      lastVoiceAt: end.lastVoiceAt,
      speechMs: end.speechMs,
      endSilenceMs: end.endSilenceMs,
      endpointingMs: Math.max(0, end.endpointAt - end.lastVoiceAt),
      forced: end.forced,
    });
    const utterance = this.utterance;
    this.utterance = null;
    this.callerAudio.stopCapture();
    if (!utterance?.accepted || this.phase !== 'idle' || !this.listening) {
      utterance?.abort?.abort();
      return;
    }
    this.phase = 'thinking'; // nothing else is taken while the answer is being recognised
    this.setState('thinking');
    const heard = await this.recognise(utterance);
    const timer = new TurnTimer('utterance', end.endpointAt, heard.text, {
      lastVoiceAt: end.lastVoiceAt,
      endpointAt: end.endpointAt,
      ...(utterance.onsetAt === undefined ? {} : { onsetAt: utterance.onsetAt }),
    });
    timer.sttDoneAt = this.clock.now();
    timer.confidence = heard.confidence;
    this.emit({
      type: 'call.transcript',
      text: heard.text,
      final: true,
      recognised: heard.recognised,
      ...(heard.confidence === undefined ? {} : { confidence: heard.confidence }),
    });
    const event: CallEvent = {
      type: 'utterance',
      text: heard.text,
      ...(heard.confidence === undefined ? {} : { confidence: heard.confidence }),
    };
    await this.runCallerTurn(event, timer);
  }

  /**
   * Without a recogniser, or when it heard nothing, the flow gets an empty utterance: Ask nodes treat it as
   * "not understood" and reprompt, which tells the caller to use the keypad instead of leaving them in
   * silence (a `silence` event would claim they said nothing).
   */
  private async recognise(
    utterance: Utterance,
  ): Promise<{ text: string; confidence?: number; recognised: boolean }> {
    const session = utterance.stt;
    if (!session) return { text: '', recognised: false };
    session.end();
    let timeout: ReturnType<typeof setTimeout> | undefined;
    try {
      const results = await Promise.race([
        session.done,
        new Promise<null>(
          (resolve) => (timeout = setTimeout(() => resolve(null), this.settings.sttTimeoutMs)),
        ),
      ]);
      if (results === null) {
        this.log.warn({ timeoutMs: this.settings.sttTimeoutMs }, 'speech recognition timed out');
        utterance.abort?.abort();
        return { text: utterance.partial ?? '', recognised: Boolean(utterance.partial) };
      }
      const text = results
        .map((r) => r.text.trim())
        .filter(Boolean)
        .join(' ');
      const confidences = results.flatMap((r) => (r.confidence === undefined ? [] : [r.confidence]));
      const confidence = confidences.length > 0 ? Math.min(...confidences) : undefined;
      return { text, recognised: text.length > 0, ...(confidence === undefined ? {} : { confidence }) };
    } catch (error) {
      this.log.warn({ err: error }, 'speech recognition failed');
      return { text: '', recognised: false };
    } finally {
      clearTimeout(timeout);
    }
  }

  private readonly onDigit = (digit: string): void => {
    if (this.phase === 'ended' || this.phase === 'ending') return;
    this.emit({ type: 'call.dtmf', digits: digit, direction: 'in' });
    if (this.operator) {
      void this.operator.leg.sendDtmf(digit).catch(() => undefined);
      return;
    }
    const listen = this.listening;
    if (this.phase !== 'idle' || !listen?.modes.includes('dtmf')) {
      this.log.debug({ digit }, 'digit ignored: not listening for the keypad');
      return;
    }
    if (this.speaker.busy) {
      if (!listen.bargeIn || !this.speaker.interruptible) return;
      this.bargeIn(this.clock.now());
    }
    clearTimeout(this.noInputTimer);
    this.dtmf.press(digit);
  };

  // ---- turns ------------------------------------------------------------------------------------------

  private async runCallerTurn(event: CallEvent, timer: TurnTimer): Promise<void> {
    if (this.phase === 'ended' || this.phase === 'ending') return;
    if (this.supervisor?.mode === 'takeover') return; // the runtime takes no more turns
    this.phase = 'thinking';
    this.setState('thinking');
    this.stopListening();
    this.armDeadAir(timer);
    await this.runTurn(event, timer);
  }

  private async runTurn(event: CallEvent, timer: TurnTimer): Promise<void> {
    this.turn = timer;
    const started = this.clock.now();
    let output: TurnOutput;
    for (let attempt = 0; ; attempt += 1) {
      try {
        output =
          event.type === 'call_started'
            ? await this.deps.conversations.start(
                this.callId,
                this.deps.flow,
                event,
                { projectId: this.deps.projectId, origin: 'media' },
                this.deps.portsFor,
              )
            : await this.deps.conversations.handle(this.callId, event, 'media', this.deps.portsFor);
        break;
      } catch (error) {
        // Redis (the conversation state) out of reach for a moment: the turn is tried again while the call
        // stays up (the dead-air filler covers the wait), instead of ending the call.
        const wait = TURN_RETRY_DELAYS_MS[attempt];
        const live = this.phase !== 'ending' && this.phase !== 'ended';
        if (wait !== undefined && live && unavailableDependency(error)) {
          this.log.warn({ attempt: attempt + 1, event: event.type }, 'turn waits for Redis');
          await new Promise((r) => setTimeout(r, wait));
          continue;
        }
        this.log.error({ err: error, event: event.type }, 'turn failed');
        clearTimeout(this.deadAirTimer);
        await this.end('error');
        return;
      }
    }
    timer.runtimeMs = this.clock.now() - started;
    timer.trace = output.trace;
    this.turns += 1;
    this.conversationEnded = output.ended;
    if (this.phase === 'ended' || this.phase === 'ending') return;
    this.phase = 'idle';
    // Taken over while the turn ran: what the bot meant to do next is dropped.
    if (this.supervisor?.mode === 'takeover') return;
    for (const command of output.commands) {
      if (this.phase !== 'idle') break;
      try {
        await runCommand(command, this);
      } catch (error) {
        this.log.error({ err: error, command: command.type }, 'command failed');
      }
    }
    if (timer.reply.length === 0) this.completeTurn(timer);
    const followUp = this.followUp;
    this.followUp = null;
    if (followUp && this.phase === 'idle') {
      await this.runCallerTurn(followUp.event, followUp.timer);
      return;
    }
    if (output.ended && this.phase === 'idle') {
      // The flow ended without a hangup of its own (an operator took over): let the last words play.
      await this.afterPlayback();
      await this.hangup(this.disposition ?? 'completed');
    }
  }

  private completeTurn(timer: TurnTimer): void {
    if (timer.completed) return;
    timer.completed = true;
    clearTimeout(this.deadAirTimer);
    this.emit(timer.toEvent(this.callId, this.turns - 1, this.clock.now()));
  }

  /** A reply later than `deadAirMs` after the caller finished gets a short filler first. */
  private armDeadAir(timer: TurnTimer): void {
    clearTimeout(this.deadAirTimer);
    const limit = this.settings.deadAirMs;
    if (limit <= 0) return;
    const wait = Math.max(0, limit - (this.clock.now() - timer.triggerAt));
    this.deadAirTimer = setTimeout(() => {
      if (
        timer.firstFrameAt !== undefined ||
        timer.completed ||
        this.phase === 'ended' ||
        this.phase === 'ending'
      )
        return;
      if (this.turn !== timer || this.speaker.busy) return;
      const language = this.languageTag(undefined);
      const text = language.startsWith('en') ? this.settings.fillers.en : this.settings.fillers.ru;
      timer.filler = true;
      const waitedMs = this.clock.now() - timer.triggerAt;
      this.log.info({ waitedMs, text }, 'dead air: filler played');
      this.emit({ type: 'call.dead_air_filler', text, waitedMs });
      this.speaker.say({ text, language, interruptible: true, cacheable: true });
    }, wait);
  }

  private languageTag(language: string | undefined): string {
    if (language) this.language = language;
    return providerLanguage(language ?? this.language, this.settings.defaultLanguage);
  }

  // ---- CommandContext: what the runtime's commands do -------------------------------------------------

  say(command: SayCommand): void {
    const timer = this.turn;
    const firstOfTurn = timer !== null && timer.reply.length === 0;
    timer?.reply.push(command.text);
    this.emit({ type: 'call.reply', text: command.text });
    this.speaker.say({
      text: command.text,
      language: this.languageTag(command.language),
      interruptible: command.interruptible,
      cacheable: command.cacheable,
      ...(firstOfTurn && timer
        ? {
            onFirstByte: (ms: number) => (timer.ttsFirstByteMs = ms),
            onFirstFrame: (at: number) => {
              timer.firstFrameAt = at;
              this.setState('speaking');
              this.completeTurn(timer);
            },
          }
        : {}),
    });
  }

  listen(command: ListenCommand): void {
    this.listening = command;
    if (command.language) this.language = command.language;
    this.listenGeneration += 1;
    this.callerAudio.setEndSilence(command.endSilenceMs ?? this.settings.endSilenceMs);
    if (command.modes.includes('dtmf')) {
      this.dtmf.arm({
        ...(command.dtmf?.maxDigits === undefined ? {} : { maxDigits: command.dtmf.maxDigits }),
        ...(command.dtmf?.terminator === undefined ? {} : { terminator: command.dtmf.terminator }),
        interDigitTimeoutMs: command.dtmf?.interDigitTimeoutMs ?? this.settings.interDigitTimeoutMs,
      });
    }
    void this.armNoInput(this.listenGeneration, command.noInputTimeoutMs);
  }

  /** The no-input clock starts once the question has been heard to the end. */
  private async armNoInput(generation: number, timeoutMs: number): Promise<void> {
    await this.speaker.idle();
    if (generation !== this.listenGeneration || this.phase !== 'idle' || !this.listening) return;
    if (!this.utterance?.accepted) this.setState('listening');
    clearTimeout(this.noInputTimer);
    this.noInputTimer = setTimeout(() => {
      if (generation !== this.listenGeneration || this.phase !== 'idle') return;
      if (this.utterance?.accepted || this.dtmf.collecting || this.speaker.busy) return;
      void this.runCallerTurn({ type: 'silence' }, new TurnTimer('silence', this.clock.now()));
    }, timeoutMs);
  }

  private stopListening(): void {
    this.listening = null;
    this.listenGeneration += 1;
    clearTimeout(this.noInputTimer);
    this.dtmf.disarm();
  }

  afterPlayback(): Promise<void> {
    return this.speaker.idle();
  }

  async hangup(disposition: string): Promise<void> {
    this.disposition = disposition;
    await this.end('flow_hangup');
  }

  /**
   * The caller waits at most the queue's maximum wait (issue 20); a closed queue does not keep them at all.
   * Then the queue's after-wait action runs (without one, the Transfer block's failed port).
   */
  private waitForOperator(queue: OperatorQueue, report: (ok: boolean, error?: string) => void): void {
    clearTimeout(this.queueTimer);
    if (queue.closed) {
      void this.leaveQueue(queue, 'closed', report);
      return;
    }
    void this.holdAndAnnounce(queue);
    this.queueTimer = setTimeout(() => {
      if (this.queued()) void this.leaveQueue(queue, 'timeout', report);
    }, queue.maxWaitMs);
  }

  /** The caller leaves the queue without a person: what the queue says happens next, on the record. */
  private async leaveQueue(
    queue: OperatorQueue,
    why: QueueExit,
    report: (ok: boolean, error?: string) => void,
  ): Promise<void> {
    this.stopWaiting();
    this.disposition = undefined;
    const action = queue.afterWait;
    if (!action) {
      const error =
        why === 'closed'
          ? 'the operator queue is closed now'
          : 'no operator answered within the queue’s maximum wait';
      report(false, error);
      const event: CallEvent = { type: 'tool_result', callId: TRANSFER_CALL_ID, ok: false, error };
      void this.runCallerTurn(event, new TurnTimer('transfer_failed', this.clock.now()));
      return;
    }
    // A loop of queues that send callers to each other ends in a goodbye.
    const looping = action.kind === 'queue' && this.queueMoves >= MAX_QUEUE_MOVES;
    const then: AfterWaitAction = looping ? { kind: 'hangup', message: '' } : action;
    this.emit({
      type: 'call.queue',
      action: why,
      queue: queue.name ?? '',
      then: then.kind,
      ...(then.kind === 'node' ? { target: then.nodeId } : 'target' in then ? { target: then.target } : {}),
    });
    this.log.info({ queue: queue.name, why, then: then.kind }, 'caller leaves the queue without a person');
    const language = this.languageTag(undefined);
    const text = then.message.trim() || queueExitPhrase(why, then.kind, language);
    this.emit({ type: 'call.reply', text });
    this.speaker.say({ text, language, interruptible: false, cacheable: then.message.trim() === '' });
    await this.speaker.idle();
    if (this.phase !== 'idle') return; // the caller hung up meanwhile
    const packet: TransferCommand['handoff'] = this.queuedBy?.handoff ?? {
      reason: 'queue_overflow',
      summary: '',
      slots: {},
      caller: {},
      transcriptExcerpt: [],
    };
    switch (then.kind) {
      case 'node': {
        const event: CallEvent = {
          type: 'operator_returned',
          nodeId: then.nodeId,
          variables: { queue_outcome: why },
        };
        await this.runCallerTurn(event, new TurnTimer('operator_returned', this.clock.now()));
        return;
      }
      case 'callback':
        await this.hangup('callback_requested');
        return;
      case 'hangup':
        await this.hangup(why === 'closed' ? 'queue_closed' : 'queue_timeout');
        return;
      case 'number':
      case 'queue': {
        if (then.kind === 'queue') this.queueMoves += 1;
        await this.transfer({
          type: 'transfer',
          target: { kind: then.kind, value: then.target },
          mode: then.kind === 'queue' ? 'warm' : 'cold',
          handoff: packet,
        });
        // A failed transfer leaves its failure for the next turn: there is no turn running, so run it now.
        const followUp = this.followUp;
        this.followUp = null;
        if (followUp && this.phase === 'idle') await this.runCallerTurn(followUp.event, followUp.timer);
      }
    }
  }

  /** Waiting for a person: no operator yet, the flow parked on its Transfer block. */
  private queued(): boolean {
    return this.phase === 'idle' && this.disposition === 'queued' && this.operator === null;
  }

  /**
   * While the caller waits: the hold tone, and every `announceEveryMs` their position and estimated wait in
   * the call's language (the tone pauses for it). The Transfer block's own words are heard out first.
   */
  private async holdAndAnnounce(queue: OperatorQueue): Promise<void> {
    await this.speaker.idle();
    if (!this.queued() || this.hold) return;
    this.hold = startHoldTone(this.deps.leg);
    const every = queue.announceEveryMs ?? 0;
    const standing = queue.standing;
    if (every <= 0 || !standing) return;
    const announce = async (): Promise<void> => {
      if (!this.queued()) return;
      const where = await standing().catch((error: unknown) => {
        this.log.warn({ err: error }, 'queue position not read');
        return null;
      });
      if (where && this.queued() && this.hold) {
        const language = this.languageTag(undefined);
        const text = queueAnnouncement(where, language);
        this.hold.pause();
        this.emit({ type: 'call.reply', text });
        this.speaker.say({ text, language, interruptible: false, cacheable: false });
        await this.speaker.idle();
        if (this.queued()) this.hold?.resume();
      }
      if (this.queued()) this.announceTimer = setTimeout(() => void announce(), every);
    };
    this.announceTimer = setTimeout(() => void announce(), FIRST_ANNOUNCEMENT_MS);
  }

  private stopWaiting(): void {
    clearTimeout(this.queueTimer);
    clearTimeout(this.announceTimer);
    this.hold?.stop();
    this.hold = null;
  }

  /**
   * An operator who accepted this call joins it (their browser leg, issue 20): the hold tone and any
   * announcement stop, and from now on the caller and the operator hear each other, both sides are
   * recorded (the operator on the agent's channel) and written down as the conversation goes. False when
   * the call is not waiting for a person (already taken, gone back to the flow, ended).
   */
  connectOperator(leg: MediaLeg, join: OperatorJoin): boolean {
    if (!this.queued()) return false;
    this.stopWaiting();
    this.speaker.interrupt();
    const caller = this.deps.leg;
    const operatorLeg = atRate(leg, caller.sampleRate);
    this.disposition = 'transferred:queue';
    const operator: NonNullable<CallSession['operator']> = {
      leg: operatorLeg,
      join,
      ...this.transcribersFor(),
    };
    this.operator = operator;
    operatorLeg.on('audio', (frame) => {
      if (this.operator !== operator) return;
      const now = this.clock.now();
      caller.play(this.supervisor ? this.supervisor.forCaller(frame) : frame);
      this.recording?.other(frame, now);
      this.listenTap.agent(frame, now);
      operator.own?.push(frame);
    });
    operatorLeg.on('dtmf', (digit) => void caller.sendDtmf(digit).catch(() => undefined));
    operatorLeg.on('ended', () => {
      if (this.operator !== operator) return;
      this.releaseOperator();
      // The operator hung up: the caller's call is over (the flow stays parked on its Transfer block).
      void this.end('local_hangup');
    });
    this.emit({
      type: 'call.operator',
      action: 'joined',
      operatorUserId: join.userId,
      ...(join.handoffId ? { handoffId: join.handoffId } : {}),
    });
    this.log.info({ operator: join.userId, operatorLeg: leg.callId }, 'operator joined the call');
    return true;
  }

  /**
   * The operator hands the caller back to the bot (issue 20): their leg is let go, and the flow goes on from
   * `nodeId` with what they learned as variables (the runtime refuses a block not in the flow). False when
   * `leg` is not the operator on this call.
   */
  returnToBot(leg: MediaLeg, nodeId: string, variables: Record<string, string>): boolean {
    const operator = this.operator;
    if (!operator || operator.leg.callId !== leg.callId || this.phase !== 'idle') return false;
    this.releaseOperator({ nodeId });
    this.disposition = undefined;
    this.log.info({ operator: operator.join.userId, nodeId }, 'operator handed the caller back to the bot');
    const event: CallEvent = { type: 'operator_returned', nodeId, variables };
    void this.runCallerTurn(event, new TurnTimer('operator_returned', this.clock.now()));
    return true;
  }

  /**
   * A supervisor joins from the live monitor (issue 20). `whisper` and `barge` need an operator on the call
   * (the operator alone hears a whisper; a barge is heard by both). `takeover` needs a call the bot still runs:
   * the bot's speech is cut now (its queued audio dropped), the runtime takes no more turns, a queued caller
   * stops waiting, and from then on the caller hears the supervisor. Answers the supervisor's microphone
   * input and how they leave, or null when the call cannot take this mode now.
   */
  supervise(
    mode: SuperviseMode,
    userId: string,
  ): { audio: (frame: PcmFrame) => void; leave: () => void } | null {
    if (this.phase === 'ended' || this.phase === 'ending' || this.supervisor) return null;
    if ((mode === 'takeover') === (this.operator !== null) || this.bridge || this.warmTransfer) return null;
    const channel = new SupervisorChannel(mode, userId);
    this.supervisor = channel;
    if (mode === 'takeover') {
      this.speaker.interrupt();
      this.stopWaiting();
      this.stopListening();
      clearTimeout(this.deadAirTimer);
      this.utterance?.abort?.abort();
      this.utterance = null;
      this.disposition = 'taken_over';
    }
    this.emit({ type: 'call.supervisor', action: mode, userId });
    this.log.info({ supervisor: userId, mode }, 'supervisor joined the call');
    const caller = this.deps.leg;
    return {
      audio: (frame) => {
        if (this.supervisor !== channel) return;
        if (mode !== 'takeover') return channel.push(frame);
        const now = this.clock.now();
        caller.play(frame);
        this.recording?.other(frame, now);
        this.listenTap.agent(frame, now);
      },
      leave: () => {
        if (this.supervisor !== channel) return;
        this.supervisor = null;
        this.emit({ type: 'call.supervisor', action: 'left', userId });
        // The bot no longer runs this call: when the supervisor who took it over leaves, it ends.
        if (mode === 'takeover') void this.end('local_hangup');
      },
    };
  }

  /** Both sides written down while a person talks, when the call has a recogniser. */
  private transcribersFor(): { caller?: BridgeTranscriber; own?: BridgeTranscriber } {
    const stt = this.deps.stt;
    if (!stt) return {};
    const make = (speaker: 'caller' | 'operator') =>
      new BridgeTranscriber({
        sampleRate: this.deps.leg.sampleRate,
        vad: this.deps.vad,
        stt,
        language: this.languageTag(undefined),
        endpointer: { ...this.settings.vad, endSilenceMs: this.settings.endSilenceMs },
        now: () => this.clock.now(),
        logger: this.log,
        onLine: (line) =>
          this.emit({
            type: 'call.operator_line',
            speaker,
            text: line.text,
            startAt: line.startAt,
            endAt: line.endAt,
            seq: this.operatorLines++,
          }),
      });
    return { caller: make('caller'), own: make('operator') };
  }

  /** The operator's part is over: their leg is let go (hung up if still up) and the record says so. */
  private releaseOperator(returned?: { nodeId: string }): void {
    const operator = this.operator;
    if (!operator) return;
    this.operator = null;
    operator.caller?.close();
    operator.own?.close();
    void operator.leg.hangup('local_hangup').catch(() => undefined);
    this.emit({
      type: 'call.operator',
      action: returned ? 'returned' : 'left',
      ...(returned ? { nodeId: returned.nodeId } : {}),
      operatorUserId: operator.join.userId,
      ...(operator.join.handoffId ? { handoffId: operator.join.handoffId } : {}),
    });
  }

  async transfer(command: TransferCommand): Promise<void> {
    const target = (this.deps.resolveTransfer ?? defaultResolveTransfer)(command.target);
    const report = (ok: boolean, error?: string) =>
      this.emit({
        type: 'call.transfer',
        target: command.target,
        mode: command.mode,
        handoff: command.handoff,
        ok,
        ...(error === undefined ? {} : { error }),
      });
    const failed = (error: string) => {
      report(false, error);
      this.log.warn({ target: command.target, error }, 'transfer failed');
      const now = this.clock.now();
      this.followUp = {
        event: { type: 'tool_result', callId: TRANSFER_CALL_ID, ok: false, error },
        timer: new TurnTimer('transfer_failed', now),
      };
    };
    // An operator queue on a leg without its own route: the caller stays on this call and waits (the flow
    // waits for `operator_joined`); the call records put them in the queue and routing offers the call. A
    // queue the project does not have fails at once, as before queues existed, so nobody waits for nothing.
    if (target === null && command.target.kind === 'queue') {
      const found = await this.deps.findQueue?.(command.target.value).catch((error: unknown) => {
        this.log.warn({ err: error }, 'operator queue not read');
        return null;
      });
      const queue = found ? { name: command.target.value, ...found } : null;
      if (!queue) return failed(`no operator queue "${command.target.value}"`);
      this.disposition = 'queued';
      this.queuedBy = command;
      report(true);
      this.waitForOperator(queue, report);
      return;
    }
    if (target === null) return failed(`no route to ${command.target.kind} "${command.target.value}"`);
    // The leg's own dialler first (FreeSWITCH bridges where its media is), else the process's.
    const dial = this.deps.leg.dialTransfer ?? this.deps.dialTransfer;
    if (command.mode === 'warm' && dial) {
      await this.warmTransferTo(target, command, dial, report, failed);
      return;
    }
    try {
      this.endReason = 'transferred';
      await this.deps.leg.transfer({ target, mode: command.mode });
      this.disposition = `transferred:${command.target.kind}`;
      report(true);
      await this.end('transferred');
    } catch (error) {
      this.endReason = null;
      failed(error instanceof Error ? error.message : String(error));
    }
  }

  private async warmTransferTo(
    target: string,
    command: TransferCommand,
    dial: DialTransfer,
    report: (ok: boolean, error?: string) => void,
    failed: (error: string) => void,
  ): Promise<void> {
    const { leg } = this.deps;
    let bridge: Bridge;
    this.warmTransfer = true;
    try {
      bridge = await startWarmTransfer({
        caller: leg,
        target,
        dial,
        context: {
          projectId: this.deps.projectId,
          ...(this.deps.connectionId ? { connectionId: this.deps.connectionId } : {}),
        },
        tts: this.deps.tts,
        language: this.languageTag(undefined),
        summary: command.handoff.summary || command.handoff.reason,
        logger: this.log,
      });
    } catch (error) {
      this.warmTransfer = false;
      const message = error instanceof Error ? error.message : String(error);
      if (error instanceof CallerLeftError || this.endReason !== null) {
        // The caller hung up while the target rang: its leg is cancelled; the record says so, then ends.
        report(false, message);
        this.log.info({ target: command.target, error: message }, 'caller left during a warm transfer');
        await this.finish(this.endReason ?? 'remote_hangup');
        return;
      }
      return failed(message);
    }
    this.warmTransfer = false;
    if (this.endReason !== null) {
      // The caller hung up while the target was being briefed.
      await bridge.other.hangup('local_hangup');
      report(false, 'the caller hung up before being connected');
      await this.finish(this.endReason);
      return;
    }
    this.disposition = `transferred:${command.target.kind}`;
    report(true);
    this.endReason = 'transferred';
    this.holdForBridge(bridge);
  }

  /**
   * The flow's part is over: the session stops listening and speaking, but the call goes on until both
   * legs have hung up, and its recording goes on with it (the caller on the left, the person they were
   * handed to on the right), as a caller expects from a recorded line.
   */
  private holdForBridge(bridge: Bridge): void {
    const { leg } = this.deps;
    this.bridge = bridge;
    this.phase = 'ending';
    leg.off('audio', this.onAudio);
    leg.off('dtmf', this.onDigit);
    leg.off('ended', this.onLegEnded);
    this.stopListening();
    clearTimeout(this.deadAirTimer);
    this.speaker.close();
    this.callerAudio.close();
    this.utterance?.abort?.abort();
    const recording = this.recording;
    if (recording) {
      leg.on('audio', (frame) => recording.caller(frame, this.clock.now()));
      bridge.other.on('audio', (frame) => recording.other(frame, this.clock.now()));
    }
    void bridge.done.then(() => this.finish('transferred'));
  }

  async sendDtmf(digit: string): Promise<void> {
    this.emit({ type: 'call.dtmf', digits: digit, direction: 'out' });
    await this.deps.leg.sendDtmf(digit);
  }

  warn(message: string, data: Record<string, unknown> = {}): void {
    this.log.warn(data, message);
  }

  // ---- the end ----------------------------------------------------------------------------------------

  private async finish(reason: CallEndReason): Promise<void> {
    if (this.phase === 'ended') return;
    this.phase = 'ended';
    this.bridge = null;
    const { leg } = this.deps;
    leg.off('audio', this.onAudio);
    leg.off('dtmf', this.onDigit);
    leg.off('ended', this.onLegEnded);
    clearTimeout(this.maxCallTimer);
    clearTimeout(this.noInputTimer);
    clearTimeout(this.deadAirTimer);
    this.stopWaiting();
    this.releaseOperator();
    this.dtmf.disarm();
    this.speaker.close();
    this.listenTap.close();
    this.callerAudio.close();
    this.utterance?.abort?.abort();
    this.setState('ended');
    if (!this.conversationEnded) {
      try {
        await this.deps.conversations.handle(
          this.callId,
          { type: 'call_ended', reason },
          'media',
          this.deps.portsFor,
        );
      } catch (error) {
        this.log.warn({ err: error }, 'could not record the end of the conversation');
      }
    }
    let recordingPath: string | undefined;
    if (this.recording) {
      try {
        recordingPath = (await this.recording.close()).path;
      } catch (error) {
        this.log.error({ err: error }, 'recording could not be written');
      }
    }
    const summary: CallSummary = {
      reason,
      durationMs: this.clock.now() - this.startedAt,
      turns: this.turns,
      ...(this.disposition ? { disposition: this.disposition } : {}),
      ...(recordingPath ? { recordingPath } : {}),
      ...(leg.endCause ? { sipCause: leg.endCause } : {}),
    };
    this.log.info(summary, 'call ended');
    this.emit({ type: 'call.ended', ...summary });
    this.resolveDone(summary);
  }

  private setState(state: CallState): void {
    if (state === this.lastState) return;
    this.lastState = state;
    this.emit({ type: 'call.state', state });
  }

  private emit(event: DistributiveOmit<VoiceCallEvent, 'callId' | 'at'>): void {
    try {
      this.deps.events({ ...event, callId: this.callId, at: this.clock.now() } as VoiceCallEvent);
    } catch (error) {
      this.log.warn({ err: error }, 'event sink failed');
    }
  }
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
