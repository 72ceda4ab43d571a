// The media-server process: the embedded voice gateway (SIP/RTP, routed by dialled address to live agent
// versions), the turn API for external media servers (jambonz, FreeSWITCH apps), metrics and health.
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadDotenv } from '#server/env/dotenv.ts';
import { mediaServerEnv } from '#server/env/env-schema.ts';
import { loadEnvOrExit } from '#server/env/load-env.ts';
import { onShutdown } from '#server/http/graceful-shutdown.ts';
import { createLogger } from '#server/logger.ts';
import { createOpenAiCompatibleLlm } from '#server/providers/llm/openai-compatible-llm.ts';
import { createRedis } from '#server/redis.ts';
import { createMediaHttpServer } from './media-http.ts';
import { registerSipMetrics } from './metrics/sip-metrics.ts';
import { createProcessRegistry } from '#server/metrics/process-registry.ts';
import { startVoiceStack } from './wiring/voice-stack.ts';
import { startTelephonyStack } from './telephony/telephony-stack.ts';
import { startProjectShutdown } from './call/project-shutdown.ts';
import { attachJambonzApp } from './jambonz/jambonz-app.ts';
import { TurnService } from './turns/turn-service.ts';
import { ConversationStore } from './conversation/conversation-store.ts';
import { routeDialled } from '#server/telephony/inbound-route.server.ts';
import { loadOutboundConnection } from '#server/telephony/connection-config.server.ts';
import { parseJwtKeys } from '#server/auth/jwt.server.ts';
import { grantForTicket } from '#server/browser-voice/voice-ticket-grant.server.ts';
import { grantForListenTicket } from '#server/browser-voice/listen-ticket.server.ts';
import { grantForOperatorTicket } from '#server/browser-voice/operator-ticket.server.ts';
import { startDrachtioGateway } from './drachtio/drachtio-gateway.ts';
import { drachtioSettings } from './drachtio/drachtio-from-env.ts';
import { createSipRouting } from './wiring/sip-routing.ts';
import { announceMediaServer } from './cluster/media-server-directory.ts';
import { exposureProblem } from './turns/turn-auth.ts';
import { startVoicePreview } from './providers/accounts/voice-preview.ts';

loadDotenv();
const env = loadEnvOrExit(mediaServerEnv, 'media-server');
const logger = createLogger('media-server', env.LOG_LEVEL);
// Before anything listens: without a token the turn API trusts loopback, so it must not face the network.
const exposure = exposureProblem(env.MEDIA_HTTP_HOST, env.TURN_SERVICE_TOKEN);
if (exposure) {
  console.error(`media-server: ${exposure}`);
  logger.fatal({ host: env.MEDIA_HTTP_HOST }, exposure);
  process.exit(1);
}
const redis = createRedis(env, { autoPipelining: true });
redis.on('error', (e) => logger.warn({ err: e.message }, 'redis connection problem'));

const llm =
  env.LLM_BASE_URL && env.LLM_API_KEY && env.LLM_MODEL
    ? createOpenAiCompatibleLlm({
        kind: env.LLM_KIND,
        baseUrl: env.LLM_BASE_URL,
        apiKey: env.LLM_API_KEY,
        model: env.LLM_MODEL,
      })
    : undefined;

const ticketKeys = env.AUTH_JWT_KEYS ? parseJwtKeys(env.AUTH_JWT_KEYS) : [];
const recordingDir = env.RECORDINGS_DIR ? resolve(env.RECORDINGS_DIR) : undefined;
if (recordingDir) mkdirSync(recordingDir, { recursive: true });
const voice = await startVoiceStack({
  redis,
  logger,
  ...(llm ? { llm } : {}),
  sip: {
    host: env.SIP_HOST,
    port: env.SIP_PORT,
    ...(env.SIP_PUBLIC_ADDRESS ? { publicAddress: env.SIP_PUBLIC_ADDRESS } : {}),
    rtpPorts: { min: env.RTP_PORT_MIN, max: env.RTP_PORT_MAX },
    mediaTimeoutMs: env.SIP_MEDIA_TIMEOUT_MS,
    ...(env.SIP_MAX_CALLS ? { maxCalls: env.SIP_MAX_CALLS } : {}),
    allowHosts: env.TELEPHONY_ALLOW_HOSTS,
  },
  maxCallsPerProject: env.VOICE_MAX_CALLS_PER_PROJECT,
  ...(env.CLUSTER_LIMITS === 'redis' ? { clusterLimits: { leaseMs: env.CLUSTER_LEASE_MS } } : {}),
  // Absolute, so the call record's path still opens when the web process serves it from another folder.
  ...(recordingDir ? { recordingDir } : {}),
  stt: { mode: env.STT_PROVIDER, ...(env.STT_VOSK_URL ? { voskUrl: env.STT_VOSK_URL } : {}) },
  embeddedVoice: env.EMBEDDED_VOICE,
  providerAllowHosts: env.PROVIDER_ALLOW_HOSTS,
});
// The studio's voice preview: the web app asks, this server speaks (the same connectors calls use).
const voicePreview = await startVoicePreview(redis.duplicate(), voice.embeddedVoices, logger, {
  allowHosts: env.PROVIDER_ALLOW_HOSTS,
});
if (env.SIP_REGISTRAR && env.SIP_USERNAME) {
  voice.sip.register({
    registrar: env.SIP_REGISTRAR,
    username: env.SIP_USERNAME,
    password: env.SIP_PASSWORD ?? '',
    // The operator's own registrar (often on the private network): resolved and pinned, not vetted.
    operatorConfigured: true,
  });
}

// Behind Kamailio's dispatcher (deploy/kamailio): this server says where it is, and when it drains.
const announcement = env.CLUSTER_SIP_URI
  ? await announceMediaServer(redis, { uri: env.CLUSTER_SIP_URI })
  : undefined;

// A deleted project's live calls end at once.
const projectShutdown = await startProjectShutdown(redis.duplicate(), voice.gateway.registry, logger);

// Carrier scale (deploy/drachtio): calls from drachtio-server, media in FreeSWITCH, the same sessions.
let drachtio: ReturnType<typeof startDrachtioGateway> | undefined;
if (env.SIP_ENGINE === 'drachtio') {
  const settings = drachtioSettings(env);
  if (!settings.ok) {
    logger.fatal({ missing: settings.missing }, 'SIP_ENGINE=drachtio needs these variables set');
    process.exit(1);
  }
  drachtio = startDrachtioGateway({
    ...settings.settings,
    route: createSipRouting(voice.gateway, routeDialled, logger, voice.connectionLimits, voice.events),
    addressPolicy: { allowHosts: env.TELEPHONY_ALLOW_HOSTS },
    // Warm transfers to numbers go to the carrier of the project's outbound connection, as embedded ones do.
    transfer: { connectionFor: loadOutboundConnection },
    logger,
  });
  drachtio.ready.catch((error: unknown) => {
    logger.fatal(
      { err: error },
      'drachtio path could not start (wrong DRACHTIO_SECRET or audio port taken?)',
    );
    process.exit(1);
  });
}

// SIP connections from the database: registered now, re-registered whenever the web app changes one.
// Test and campaign calls go out through the same engine as inbound ones (drachtio when it is chosen).
const telephony = await startTelephonyStack({
  voice,
  redis,
  logger,
  allowHosts: env.TELEPHONY_ALLOW_HOSTS,
  ...(drachtio ? { dialer: drachtio } : {}),
});

const processMetrics = createProcessRegistry();
registerSipMetrics(processMetrics, () => voice.sip.stats());
const { server, drain } = createMediaHttpServer({
  redis,
  logger,
  turnServiceToken: env.TURN_SERVICE_TOKEN,
  ...(env.METRICS_TOKEN ? { metricsToken: env.METRICS_TOKEN } : {}),
  portsFor: voice.portsFor,
  metricsRegistries: [processMetrics],
  // Browser audio (the studio's voice button) opens with a ticket the web app signed.
  voice: {
    gateway: voice.gateway,
    logger,
    // Each ticket opens one call (consumed in Redis), of its project's agent.
    verifyTicket: async (ticket) => (ticketKeys.length ? grantForTicket(ticketKeys, ticket, redis) : null),
    // Supervisors listen in with a ticket the monitor signed for one live call of their project.
    verifyListenTicket: async (ticket) =>
      ticketKeys.length ? grantForListenTicket(ticketKeys, ticket, redis) : null,
    // Operators join the caller they accepted with a ticket the web app signed for that handoff.
    verifyOperatorTicket: async (ticket) =>
      ticketKeys.length ? grantForOperatorTicket(ticketKeys, ticket, redis) : null,
  },
});
// An existing jambonz cluster can run our flows: point a jambonz application at /jambonz/v1/ws
// (basic auth password = TURN_SERVICE_TOKEN; without a token, jambonz calls are refused).
attachJambonzApp(server, {
  service: new TurnService(new ConversationStore(redis), 'jambonz', voice.portsFor),
  routeDialled,
  token: env.TURN_SERVICE_TOKEN,
  logger,
  events: voice.events,
});
server.listen(env.MEDIA_HTTP_PORT, env.MEDIA_HTTP_HOST, () => {
  logger.info(
    {
      port: env.MEDIA_HTTP_PORT,
      host: env.MEDIA_HTTP_HOST,
      llm: llm ? env.LLM_MODEL : 'embedded intents',
      auth: env.TURN_SERVICE_TOKEN
        ? 'token'
        : 'loopback only (ending calls and jambonz need TURN_SERVICE_TOKEN)',
    },
    'media server listening (turn API at /turn/v1)',
  );
});
// Registered before onShutdown's own handlers, so WebSocket peers are let go before the server waits for
// its connections to close (an open WebSocket would otherwise hold it for the whole grace period).
// Calls are drained first: no new INVITEs (503), current calls may finish within the grace period.
const drainCalls = () => {
  void announcement?.drain().catch(() => undefined);
  drachtio?.drain();
  void voice
    .drain(env.VOICE_DRAIN_MS)
    .then(() => drachtio?.close())
    .then(() => telephony.close())
    .then(() => projectShutdown.close())
    .then(() => voice.close());
};
process.on('SIGTERM', drainCalls);
process.on('SIGINT', drainCalls);
process.on('SIGTERM', drain);
process.on('SIGINT', drain);
onShutdown(
  logger,
  [server],
  [
    () => voice.drain(env.VOICE_DRAIN_MS),
    async () => drachtio?.close(),
    () => telephony.close(),
    () => voicePreview.close(),
    () => voice.close(),
    async () => announcement?.close(),
    () => redis.quit(),
  ],
  // Drained calls may run VOICE_DRAIN_MS; the default 10 s grace would cut them short.
  env.VOICE_DRAIN_MS + 10_000,
);
