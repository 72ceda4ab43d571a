import type { Redis } from 'ioredis';
import type { LlmPort } from '#flow-runtime/index';
import { ConversationStore, type PortsFor } from '../conversation/conversation-store.ts';
import { builtInCrmPort } from '#server/crm/built-in-crm-port.server.ts';
import { integrationCalendarPort, integrationCrmPort } from '#server/integrations/integrations.server.ts';
import { messagingPortFor } from '#server/messaging/messaging-port.server.ts';
import { projectKnowledgePort } from '#server/knowledge-base/knowledge-port.server.ts';
import type { Logger } from '#server/logger.ts';
import { createSttSelection, type SttMode } from '../providers/stt/pocketsphinx-selection.ts';
import { createVoskStt } from '../providers/stt/vosk-stt.ts';
import { getEspeakPool } from '../providers/tts/espeak-pool.ts';
import { createEspeakTts } from '../providers/tts/espeak-tts.ts';
import { routeDialled } from '#server/telephony/inbound-route.server.ts';
import { loadOutboundConnection } from '#server/telephony/connection-config.server.ts';
import { loadSileroVad } from '../audio/silero-vad.ts';
import type { CallEventSink } from '#server/calls/call-events.ts';
import { db } from '#server/db.ts';
import { queueStanding } from '#server/handoffs/queue-standing.server.ts';
import { operatorQueueOf } from '#server/handoffs/operator-queue.server.ts';
import { createCallEventPublisher } from '#server/events/call-event-publisher.ts';
import { alertRulesReader } from '#server/monitor/alert-rules.server.ts';
import { VoiceGateway } from '../call/voice-gateway.ts';
import { createSipGateway, type SipGateway } from '../sip-gateway/sip-gateway.ts';
import { sipDialTransfer } from '../sip-gateway/dial-transfer.ts';
import { cachedPortsFor } from '#server/runtime-ports/runtime-ports.ts';
import { ConnectionCallLimits } from '../telephony/connection-call-limits.ts';
import { createSipRouting } from './sip-routing.ts';
import { ClusterCallLimits } from '../cluster/cluster-call-limits.ts';
import { createRedisOutbox } from './stream-outbox.ts';
import { embeddedVoices, type EmbeddedVoiceMode, type EmbeddedVoices } from './embedded-voices.ts';

export interface VoiceStackOptions {
  redis: Redis;
  logger: Logger;
  llm?: LlmPort;
  sip: {
    host: string;
    port: number;
    publicAddress?: string;
    rtpPorts: { min: number; max: number };
    mediaTimeoutMs?: number;
    maxCalls?: number;
    /** TELEPHONY_ALLOW_HOSTS: private hosts SIP and RTP may reach for projects (ADR 013); default none. */
    allowHosts?: readonly string[];
    /** A warm transfer that rings this long unanswered takes the flow's `failed` port; default 30 s. */
    transferRingTimeoutMs?: number;
  };
  maxCallsPerProject: number;
  /**
   * CLUSTER_LIMITS=redis: inbound calls also take leases in Redis, so the project's and each connection's
   * limits hold across every media server (issue 28). Unset = this process's counts only.
   */
  clusterLimits?: { leaseMs?: number; serverId?: string };
  /** Speech recognition (STT_PROVIDER): in auto mode a Vosk server when its URL is set, else pocketsphinx where installed; unset = none. */
  stt?: { mode: SttMode; voskUrl?: string };
  /** Redis Stream the call events go to (the calls, monitor and cost features read it). */
  eventsStream?: string;
  /** An absolute folder for call recordings; unset records nothing. */
  recordingDir?: string;
  /**
   * EMBEDDED_VOICE: auto = RHVoice where installed, else espeak-ng. Without the option (tests, benches)
   * espeak-ng speaks, as before, unless an agent picks an RHVoice voice.
   */
  embeddedVoice?: EmbeddedVoiceMode;
  /** Private hosts provider accounts may reach (PROVIDER_ALLOW_HOSTS); read from the env when unset. */
  providerAllowHosts?: readonly string[];
}

export interface VoiceStack {
  gateway: VoiceGateway;
  sip: SipGateway;
  /** Calls up per SIP connection (inbound and outbound share each connection's limit). */
  connectionLimits: ConnectionCallLimits;
  /** The call events' sink, for other call paths (jambonz) to record their calls the same way. */
  events: CallEventSink;
  /** Ports per flow and project: every call's knowledge search is its own project's. */
  portsFor: PortsFor;
  /** The install's voices (RHVoice where installed, espeak-ng), for the voice preview. */
  embeddedVoices: EmbeddedVoices;
  /** No new calls; current ones may finish until the deadline, then are hung up. */
  drain(deadlineMs: number): Promise<void>;
  close(): Promise<void>;
}

/** The embedded voice gateway: SIP/RTP in, the call pipeline, routing by dialled address to live agents. */
export async function startVoiceStack(options: VoiceStackOptions): Promise<VoiceStack> {
  const { redis, logger } = options;
  const portsFor = cachedPortsFor({
    ...(options.llm ? { llm: options.llm } : {}),
    logger,
    knowledgeFor: projectKnowledgePort,
    crmFor: builtInCrmPort,
    crmConnectionFor: integrationCrmPort,
    calendarFor: integrationCalendarPort,
    messagingFor: messagingPortFor,
  });
  const sttFor = await createSttSelection({
    // Without the option (tests, benches) calls run without STT, as before: results stay deterministic.
    mode: options.stt?.mode ?? 'none',
    ...(options.stt?.voskUrl ? { external: createVoskStt({ url: options.stt.voskUrl }) } : {}),
    logger,
  });
  // Raw events to the call stream, domain events to the bus with the monitor's live board (ADR 018), through
  // an outbox: while Redis is away the writes wait in memory, in order, so a short outage loses no turn.
  const outbox = createRedisOutbox(logger);
  const publisher = createCallEventPublisher({
    redis,
    logger,
    rulesFor: alertRulesReader(db()),
    submit: outbox.submit,
    ...(options.eventsStream ? { rawStream: options.eventsStream } : {}),
  });
  const events = publisher.sink;
  const espeak = createEspeakTts();
  // The espeak-ng threads load in the background, so the first call does not wait for them.
  getEspeakPool()
    .voices()
    .catch((err: unknown) =>
      logger.warn({ err }, 'espeak-ng threads did not start: the first sentence retries'),
    );
  const voices = embeddedVoices(espeak, options.embeddedVoice ?? 'espeak', logger);
  // Warm transfers dial out through the gateway created below; numbers through the project's connection.
  const started: { sip?: SipGateway } = {};
  const clusterLimits = options.clusterLimits
    ? new ClusterCallLimits(redis, options.clusterLimits)
    : undefined;
  const connectionLimits = new ConnectionCallLimits(clusterLimits);
  const dialTransfer = sipDialTransfer(
    () => {
      if (!started.sip) throw new Error('the SIP gateway is not running');
      return started.sip;
    },
    {
      fromHost: options.sip.publicAddress ?? options.sip.host,
      connectionFor: loadOutboundConnection,
      limits: connectionLimits,
      ...(options.sip.transferRingTimeoutMs ? { ringTimeoutMs: options.sip.transferRingTimeoutMs } : {}),
    },
  );
  const gateway = new VoiceGateway({
    conversations: new ConversationStore(redis),
    portsFor,
    sttFor,
    // Each call's agent picks its recogniser, LLM and voice from the project's accounts (issue 16).
    speech: {
      defaults: (route) => {
        const stt = sttFor(route);
        return {
          embeddedVoice: voices.entry,
          ...(stt ? { stt } : {}),
          ...(options.llm ? { llm: options.llm } : {}),
        };
      },
      options: {
        logger,
        ...(options.providerAllowHosts ? { allowHosts: options.providerAllowHosts } : {}),
      },
    },
    tts: espeak,
    vad: await loadSileroVad(),
    logger,
    events,
    maxCallsPerProject: options.maxCallsPerProject,
    dialTransfer,
    findQueue: async (projectId, name, callId) => {
      const queue = await operatorQueueOf(db(), projectId, name);
      return queue && { ...queue, standing: () => queueStanding(db(), projectId, callId) };
    },
    ...(options.recordingDir ? { settings: { recordingDir: options.recordingDir } } : {}),
  });
  const sip = await createSipGateway({
    host: options.sip.host,
    port: options.sip.port,
    rtpPorts: options.sip.rtpPorts,
    ...(options.sip.publicAddress ? { publicAddress: options.sip.publicAddress } : {}),
    ...(options.sip.mediaTimeoutMs ? { mediaTimeoutMs: options.sip.mediaTimeoutMs } : {}),
    ...(options.sip.maxCalls ? { maxCalls: options.sip.maxCalls } : {}),
    addressPolicy: { allowHosts: options.sip.allowHosts ?? [] },
    logger,
    route: createSipRouting(
      gateway,
      routeDialled,
      logger,
      connectionLimits,
      events,
      clusterLimits ? { limits: clusterLimits, maxCallsPerProject: options.maxCallsPerProject } : undefined,
    ),
  });
  started.sip = sip;
  return {
    gateway,
    sip,
    events,
    connectionLimits,
    portsFor,
    embeddedVoices: voices,
    async drain(deadlineMs) {
      await Promise.all([sip.drain(), gateway.registry.drain(deadlineMs)]);
    },
    async close() {
      clusterLimits?.close();
      publisher.close();
      await sip.close();
      await outbox.flush(5000);
    },
  };
}
