// The media server's /metrics: the process metrics, the SIP gateway's counters and today's call metrics
// (calls now by project, setups, ends by reason, reply time by stage) in one scrape, read with a Prometheus
// text parser; with a token everyone presents it.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '#server/logger.ts';
import { createProcessRegistry } from '#server/metrics/process-registry.ts';
import { createRedis } from '#server/redis.ts';
import { cachedPortsFor } from '#server/runtime-ports/runtime-ports.ts';
import {
  PROCESS_METRICS,
  parseScrape,
  samplesOf,
  valueOf,
} from '../../../tests/support/prometheus-scrape.ts';
import { createMediaHttpServer } from '../media-http.ts';
import { emptyGatewayCounters } from '../sip-gateway/gateway-counters.ts';
import { registerSipMetrics } from './sip-metrics.ts';
import { VoiceMetrics } from './voice-metrics.ts';

const TOKEN = 'media-metrics-token-0123';
const logger = createLogger('test', 'silent');
const redis = createRedis({ REDIS_URL: process.env.REDIS_URL!, REDIS_PREFIX: process.env.REDIS_PREFIX! });
const active = new Map([
  ['p1', 2],
  ['p2', 1],
]);
const voice = new VoiceMetrics({ activeByProject: () => active });
const sipStats = {
  ...emptyGatewayCounters(),
  callsSetup: 5,
  callsRejected: 2,
  activeCalls: 3,
  mediaClockLateTicks: 0,
};

async function start(token?: string): Promise<{ server: Server; base: string }> {
  const processMetrics = createProcessRegistry();
  registerSipMetrics(processMetrics, () => sipStats);
  const { server } = createMediaHttpServer({
    redis,
    logger,
    portsFor: cachedPortsFor({ logger }),
    ...(token ? { metricsToken: token } : {}),
    metricsRegistries: [processMetrics, voice.registry],
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

let open: { server: Server; base: string };
let guarded: { server: Server; base: string };
beforeAll(async () => {
  open = await start();
  guarded = await start(TOKEN);
});
afterAll(async () => {
  open.server.close();
  guarded.server.close();
  await redis.quit();
});

describe('media server /metrics', () => {
  it('serves process, SIP and call metrics in one scrape', async () => {
    voice.setups.inc();
    voice.setups.inc();
    voice.ended.inc({ reason: 'hangup' });
    voice.refused.inc({ reason: 'project_limit' });
    for (const ms of [300, 500, 900]) voice.stageLatency.observe({ stage: 'response' }, ms);
    voice.stageLatency.observe({ stage: 'stt' }, 120);

    const res = await fetch(`${open.base}/metrics`);
    expect(res.status).toBe(200);
    const scrape = parseScrape(await res.text());
    for (const name of PROCESS_METRICS) expect(scrape.has(name), name).toBe(true);
    expect(valueOf(scrape, 'sip_active_calls')).toBe(3);
    expect(valueOf(scrape, 'sip_calls_setup_total')).toBe(5);
    expect(scrape.get('sip_calls_setup_total')!.type).toBe('COUNTER');
    // Calls now: the total (no label) and one series per project.
    expect(samplesOf(scrape, 'voice_calls_active').find((s) => !s.labels.project)!.value).toBe(3);
    expect(valueOf(scrape, 'voice_calls_active', { project: 'p1' })).toBe(2);
    expect(valueOf(scrape, 'voice_call_setups_total')).toBe(2);
    expect(valueOf(scrape, 'voice_calls_ended_total', { reason: 'hangup' })).toBe(1);
    expect(valueOf(scrape, 'voice_calls_refused_total', { reason: 'project_limit' })).toBe(1);
    const [response] = samplesOf(scrape, 'voice_stage_latency_ms', { stage: 'response' });
    expect(response!.count).toBe(3);
    expect(response!.sum).toBe(1700);
    expect(response!.buckets!['400']).toBe(1);
    expect(response!.buckets!['800']).toBe(2);
    expect(samplesOf(scrape, 'voice_stage_latency_ms', { stage: 'stt' })[0]!.count).toBe(1);

    active.set('p1', 0);
    const later = parseScrape(await (await fetch(`${open.base}/metrics`)).text());
    expect(samplesOf(later, 'voice_calls_active').find((s) => !s.labels.project)!.value).toBe(1);
  });

  it('with a token wants it from everyone; without, refuses what a local proxy forwards', async () => {
    expect((await fetch(`${guarded.base}/metrics`)).status).toBe(401);
    const ok = await fetch(`${guarded.base}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(ok.status).toBe(200);
    const forwarded = await fetch(`${open.base}/metrics`, { headers: { 'x-forwarded-for': '198.51.100.4' } });
    expect(forwarded.status).toBe(401);
  });
});
