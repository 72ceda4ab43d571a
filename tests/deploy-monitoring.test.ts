// deploy/monitoring: the Grafana dashboard asks only for series the processes serve (a renamed metric
// would leave a panel silently empty), and Prometheus scrapes each process's /metrics.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Queue } from 'bullmq';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { httpMetrics } from '#server/metrics/http-metrics.ts';
import { createProcessRegistry } from '#server/metrics/process-registry.ts';
import { registerSipMetrics } from '../media-server/src/metrics/sip-metrics.ts';
import { VoiceMetrics } from '../media-server/src/metrics/voice-metrics.ts';
import { emptyGatewayCounters } from '../media-server/src/sip-gateway/gateway-counters.ts';
import { queueMetrics } from '../workers/metrics/queue-metrics.ts';

const dir = resolve(import.meta.dirname, '../deploy/monitoring');

function servedNames(): Set<string> {
  const registry = createProcessRegistry();
  httpMetrics(registry);
  registerSipMetrics(registry, () => ({ ...emptyGatewayCounters(), activeCalls: 0, mediaClockLateTicks: 0 }));
  // Never connects: only the metric definitions are read.
  queueMetrics(registry, [new Queue('unused', { connection: { lazyConnect: true } })]);
  const all = Registry.merge([registry, new VoiceMetrics({ activeByProject: () => new Map() }).registry]);
  const names = new Set<string>();
  for (const metric of all.getMetricsAsArray()) {
    const { name, type } = metric as unknown as { name: string; type: string };
    names.add(name);
    if (type === 'histogram') for (const s of ['_bucket', '_sum', '_count']) names.add(name + s);
  }
  return names;
}

describe('deploy/monitoring', () => {
  it('the Grafana dashboard queries only series the processes serve', () => {
    const dashboard = JSON.parse(
      readFileSync(resolve(dir, 'grafana/dashboards/voice-platform.json'), 'utf8'),
    ) as {
      panels: { title: string; targets?: { expr: string }[] }[];
    };
    const served = servedNames();
    const asked = dashboard.panels.flatMap((p) =>
      (p.targets ?? []).flatMap(
        (t) => t.expr.match(/\b(?:voice|sip|rtp|http|bullmq|nodejs|process)_[a-z0-9_]+/g) ?? [],
      ),
    );
    expect(asked.length).toBeGreaterThan(20);
    expect(asked.filter((name) => !served.has(name))).toEqual([]);
    const titles = dashboard.panels.map((p) => p.title);
    for (const needed of [
      'Calls now',
      'Reply time p95 by stage',
      'Event-loop lag p99',
      'Queue depth (waiting)',
      'Errors',
    ])
      expect(titles).toContain(needed);
  });

  it('Prometheus scrapes /metrics of web, workers and media server with the token', () => {
    const config = readFileSync(resolve(dir, 'prometheus.yml'), 'utf8');
    for (const job of ['web', 'workers', 'media-server']) expect(config).toContain(`job_name: ${job}`);
    expect(config.match(/credentials_file: \/etc\/prometheus\/metrics-token/g)).toHaveLength(3);
  });
});
