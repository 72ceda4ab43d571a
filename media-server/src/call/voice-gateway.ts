import type { ConversationStore, PortsFor } from '../conversation/conversation-store.ts';
import type { Logger } from '#server/logger.ts';
import type { SttProvider } from '../providers/stt/stt-provider.ts';
import type { TtsProvider } from '../providers/tts/tts-provider.ts';
import { PromptAudioCache } from '../audio/prompt-audio-cache.ts';
import type { VadFactory } from '../audio/silero-vad.ts';
import { VoiceMetrics } from '../metrics/voice-metrics.ts';
import type { CallEventSink, VoiceCallEvent } from '#server/calls/call-events.ts';
import { CallRegistry, type Refusal } from './call-registry.ts';
import type { CallSettingsInput } from './call-settings.ts';
import { CallSession, type CallClock, type CallSessionDeps, type OperatorQueue } from './call-session.ts';
import type { MediaLeg } from './media-leg.ts';
import {
  CallProviders,
  type ResolveOptions,
  type SpeechDefaults,
} from '../providers/accounts/call-speech.ts';

export interface VoiceGatewayOptions {
  conversations: ConversationStore;
  portsFor: PortsFor;
  stt?: SttProvider;
  /** Picks each call's recogniser from its route (pocketsphinx needs the flow for its grammar); wins over `stt`. */
  sttFor?: (route: CallRoute) => SttProvider | undefined;
  tts: TtsProvider;
  vad: VadFactory;
  logger: Logger;
  /** Where every call's events go besides the metrics (Redis Streams, wired by the process). */
  events?: CallEventSink;
  settings?: CallSettingsInput;
  maxCallsPerProject: number;
  maxCalls?: number;
  promptCacheSamples?: number;
  clock?: CallClock;
  resolveTransfer?: CallSessionDeps['resolveTransfer'];
  /**
   * Each call's own providers (issue 16): resolved as it starts from its agent's speech settings and the
   * project's accounts, falling back to these defaults. Without it every call uses `stt`/`tts` as given.
   */
  speech?: {
    defaults: (route: CallRoute) => SpeechDefaults;
    options: ResolveOptions;
    /** The call starts with the defaults when the agent's accounts take longer than this to open. */
    resolveTimeoutMs?: number;
  };
  /** Places warm transfers' second legs (the SIP gateway's outbound calls). */
  dialTransfer?: CallSessionDeps['dialTransfer'];
  /** A project's operator queue by name (issue 20), seen from one call (its gateway call id). */
  findQueue?: (projectId: string, name: string, callId: string) => Promise<OperatorQueue | null>;
}

export interface CallRoute {
  projectId: string;
  /** The published flow version to run. */
  flow: unknown;
  direction: 'inbound' | 'outbound' | 'browser' | 'test';
  /** The agent and version the flow is, for the call record. */
  agentId?: string;
  versionId?: string;
  /** Variables the flow starts with (a campaign contact's columns). */
  variables?: Record<string, string>;
  /** The SIP connection the call came or went through: a warm transfer to a number dials out through it. */
  connectionId?: string;
  /** Campaign calls: answering-machine detection before the flow starts, and what to do on a machine. */
  answeringMachine?: CallSessionDeps['answeringMachine'];
  /** Extra listener for this call's events only (the browser console). */
  events?: CallEventSink;
  settings?: CallSettingsInput;
}

export type Admission =
  | { ok: true; start(leg: MediaLeg, route: Omit<CallRoute, 'projectId'>): CallSession; release(): void }
  | { ok: false; refused: Refusal };

/**
 * What transports talk to: admit a call (limits, drain) before answering it, then start its session on the
 * leg. Holds what calls share: the registry, metrics, the prompt cache and the providers.
 */
export class VoiceGateway {
  readonly registry: CallRegistry;
  readonly metrics: VoiceMetrics;
  readonly promptCache: PromptAudioCache;
  /** Running sessions by call id, with their project: what a supervisor's listen-in ticket is checked against. */
  private readonly sessions = new Map<string, { projectId: string; session: CallSession }>();

  constructor(private readonly options: VoiceGatewayOptions) {
    this.registry = new CallRegistry({
      maxCallsPerProject: options.maxCallsPerProject,
      ...(options.maxCalls === undefined ? {} : { maxCalls: options.maxCalls }),
      onRefused: (reason) => this.metrics.refused.inc({ reason }),
    });
    this.metrics = new VoiceMetrics(this.registry);
    this.promptCache = new PromptAudioCache(options.promptCacheSamples);
  }

  /**
   * Reserves a place for a call of `projectId` (a SIP transport does this before answering, to refuse
   * with a clean error); `start` then runs its session on the answered leg.
   */
  admit(projectId: string): Admission {
    const reservation = this.registry.reserve(projectId);
    if ('refused' in reservation) return { ok: false, refused: reservation.refused };
    return {
      ok: true,
      release: () => reservation.release(),
      start: (leg, route) => {
        const { session, ready } = this.createSession(leg, { ...route, projectId });
        reservation.attach(session);
        this.sessions.set(leg.callId, { projectId, session });
        void session.done.finally(() => {
          if (this.sessions.get(leg.callId)?.session === session) this.sessions.delete(leg.callId);
        });
        void ready
          .then(() => session.start())
          .catch((error: unknown) => {
            this.options.logger.error({ err: error, callId: leg.callId }, 'call failed to start');
            void session.end('error');
          });
        return session;
      },
    };
  }

  /** A running call of this process, with its project (undefined once it has ended). */
  call(callId: string): { projectId: string; session: CallSession } | undefined {
    return this.sessions.get(callId);
  }

  /** Admits and starts in one step; returns the refusal when the call may not run. */
  startCall(leg: MediaLeg, route: CallRoute): CallSession | { refused: Refusal } {
    const admission = this.admit(route.projectId);
    return admission.ok ? admission.start(leg, route) : { refused: admission.refused };
  }

  private createSession(leg: MediaLeg, route: CallRoute): { session: CallSession; ready: Promise<void> } {
    const o = this.options;
    let providers: CallProviders | undefined;
    const sink: CallEventSink = (raw: VoiceCallEvent) => {
      // Stage timings name the providers that served the turn.
      const event =
        providers && raw.type === 'turn.completed' ? { ...raw, providers: providers.names() } : raw;
      this.metrics.observe(event);
      o.events?.(event);
      route.events?.(event);
    };
    const stt = o.sttFor ? o.sttFor(route) : o.stt;
    let ready = Promise.resolve();
    let portsFor = o.portsFor;
    if (o.speech) {
      const speech = o.speech;
      const now = () => (o.clock ? o.clock.now() : Date.now());
      const callProviders = new CallProviders(speech.defaults(route), (event) =>
        sink({ ...event, callId: leg.callId, at: now() }),
      );
      providers = callProviders;
      portsFor = (flow, projectId) => {
        const ports = o.portsFor(flow, projectId);
        return callProviders.llm.configured ? { ...ports, llm: callProviders.llm } : ports;
      };
      ready = resolveWithin(
        callProviders.resolve(route, speech.options),
        speech.resolveTimeoutMs ?? 3000,
      ).catch((error: unknown) =>
        o.logger.warn({ err: error, callId: leg.callId }, 'agent providers not resolved: defaults used'),
      );
    }
    const session = new CallSession({
      leg,
      flow: route.flow,
      projectId: route.projectId,
      direction: route.direction,
      ...(route.variables ? { variables: route.variables } : {}),
      ...(route.answeringMachine ? { answeringMachine: route.answeringMachine } : {}),
      ...(route.agentId ? { agentId: route.agentId } : {}),
      ...(route.versionId ? { versionId: route.versionId } : {}),
      ...(route.connectionId ? { connectionId: route.connectionId } : {}),
      conversations: o.conversations,
      portsFor,
      ...(providers ? { stt: providers.stt } : stt ? { stt } : {}),
      tts: providers?.tts ?? o.tts,
      vad: o.vad,
      promptCache: this.promptCache,
      ...(o.clock ? { clock: o.clock } : {}),
      logger: o.logger,
      events: sink,
      settings: { ...o.settings, ...route.settings },
      ...(o.resolveTransfer ? { resolveTransfer: o.resolveTransfer } : {}),
      // Only phone legs are bridged: a browser leg's audio is at another rate.
      ...(o.dialTransfer && leg.sampleRate === 8000 ? { dialTransfer: o.dialTransfer } : {}),
      ...(o.findQueue
        ? { findQueue: (name: string) => o.findQueue!(route.projectId, name, leg.callId) }
        : {}),
    });
    return { session, ready };
  }
}

function resolveWithin(work: Promise<void>, ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<void>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`providers not resolved within ${ms} ms`)), ms);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}
