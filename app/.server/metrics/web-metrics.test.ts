// The web process's /metrics: the default process metrics and request durations by route pattern and
// status, read with a Prometheus text parser; who may scrape it with and without METRICS_TOKEN.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROCESS_METRICS, parseScrape, samplesOf } from '../../../tests/support/prometheus-scrape.ts';
import { createWebApp } from '../http/web-app.ts';
import { createLogger } from '../logger.ts';
import { routeLabel } from './http-metrics.ts';
import { createProcessRegistry } from './process-registry.ts';

const TOKEN = 'metrics-token-0123456789';
const logger = createLogger('test', 'silent');

async function listen(token?: string): Promise<{ server: Server; base: string }> {
  const app = createWebApp({
    publicUrl: 'http://localhost:3000',
    logger,
    healthChecks: {},
    metrics: { registry: createProcessRegistry(), ...(token ? { token } : {}) },
  });
  app.get('/api/v1/projects/:projectId/agents', (_req, res) => void res.json({ agents: [] }));
  app.get('/boom', (_req, res) => void res.status(500).json({ error: 'boom' }));
  const server = createServer(app);
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

let open: { server: Server; base: string };
let guarded: { server: Server; base: string };
beforeAll(async () => {
  open = await listen();
  guarded = await listen(TOKEN);
});
afterAll(() => {
  open.server.close();
  guarded.server.close();
});

describe('web /metrics', () => {
  it('serves process metrics and request durations by route pattern and status', async () => {
    const project = '2f1c7a52-3a4e-4f7e-9b1d-0c5e8a7d6b41';
    for (let i = 0; i < 3; i += 1) await fetch(`${open.base}/api/v1/projects/${project}/agents`);
    await fetch(`${open.base}/boom`);
    await fetch(`${open.base}/wp-login.php`);
    const res = await fetch(`${open.base}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const scrape = parseScrape(await res.text());
    for (const name of PROCESS_METRICS) expect(scrape.has(name), name).toBe(true);
    expect(samplesOf(scrape, 'nodejs_eventloop_lag_p99_seconds')[0]!.value).toBeGreaterThanOrEqual(0);
    expect(scrape.get('http_request_duration_seconds')!.type).toBe('HISTOGRAM');
    const agents = samplesOf(scrape, 'http_request_duration_seconds', {
      method: 'GET',
      route: '/api/v1/projects/:id/agents',
      status: '200',
    });
    expect(agents).toHaveLength(1);
    expect(agents[0]!.count).toBe(3);
    expect(agents[0]!.buckets!['+Inf']).toBe(3);
    expect(
      samplesOf(scrape, 'http_request_duration_seconds', { route: '/boom', status: '500' }),
    ).toHaveLength(1);
    // Paths nothing serves share one series; the raw path never becomes a label.
    expect(samplesOf(scrape, 'http_request_duration_seconds', { route: '(unmatched)' })).toHaveLength(1);
    expect(samplesOf(scrape, 'http_request_duration_seconds', { route: '/wp-login.php' })).toHaveLength(0);
  });

  it('without a token answers direct loopback peers only, not what a proxy forwards', async () => {
    const forwarded = await fetch(`${open.base}/metrics`, { headers: { 'x-forwarded-for': '203.0.113.7' } });
    expect(forwarded.status).toBe(401);
    expect((await forwarded.json()).error.code).toBe('unauthenticated');
  });

  it('with METRICS_TOKEN wants the token from everyone, loopback included', async () => {
    expect((await fetch(`${guarded.base}/metrics`)).status).toBe(401);
    const wrong = await fetch(`${guarded.base}/metrics`, { headers: { authorization: 'Bearer nope' } });
    expect(wrong.status).toBe(401);
    const ok = await fetch(`${guarded.base}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(ok.status).toBe(200);
    expect(parseScrape(await ok.text()).has('process_cpu_seconds_total')).toBe(true);
  });

  it('folds ids, assets and single-fetch data requests into route patterns', () => {
    expect(routeLabel('/p/2f1c7a52-3a4e-4f7e-9b1d-0c5e8a7d6b41/agents/17', 200)).toBe('/p/:id/agents/:id');
    expect(routeLabel('/assets/flow-canvas-CufCaVXx.js', 200)).toBe('/assets/*');
    expect(routeLabel('/p/2f1c7a52-3a4e-4f7e-9b1d-0c5e8a7d6b41/inbox.data', 200)).toBe('/p/:id/inbox.data');
    expect(routeLabel('/api/v1/keys/vpk_0a1b2c3d4e5f6a7b8c9d', 200)).toBe('/api/v1/keys/:id');
    expect(routeLabel('/', 200)).toBe('/');
    expect(routeLabel('/anything/else', 404)).toBe('(unmatched)');
  });
});
