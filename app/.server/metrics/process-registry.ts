import { collectDefaultMetrics, Registry } from 'prom-client';

/**
 * A registry with the default Node.js process metrics operators look at first: CPU, resident and heap memory,
 * GC durations by kind, event-loop lag (mean, p50, p90, p99), handles, file descriptors. Which process a
 * series comes from is the scrape job's label (deploy/prometheus). Each process makes one; tests make their own.
 */
export function createProcessRegistry(): Registry {
  const registry = new Registry();
  // 10 ms sampling is prom-client's default; the lag percentiles come from perf_hooks' histogram.
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 10 });
  return registry;
}
