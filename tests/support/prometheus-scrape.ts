/**
 * Reads a /metrics answer with a Prometheus text-format parser (parse-prometheus-text-format, a port of the
 * Prometheus Python client's parser; it throws on a malformed line) and checks what a scraper relies on:
 * every family typed, no family twice, every value a number. The parser folds labelled histograms into one
 * series, so their sample lines are parsed one by one (by the same parser) and grouped here.
 */
import parsePrometheusTextFormat from 'parse-prometheus-text-format';

export interface Sample {
  labels: Record<string, string>;
  value: number;
  /** Histograms: cumulative counts by upper bound. */
  buckets?: Record<string, number>;
  count?: number;
  sum?: number;
}

export interface Family {
  name: string;
  help: string;
  type: 'COUNTER' | 'GAUGE' | 'HISTOGRAM' | 'SUMMARY' | 'UNTYPED';
  samples: Sample[];
}

export type Scrape = Map<string, Family>;

/** As Prometheus reads a value (Go's ParseFloat): NaN and Inf in any case — prom-client prints NaN as "Nan". */
const number = (raw: string, where: string) => {
  if (/^nan$/i.test(raw)) return NaN;
  const inf = /^([+-]?)(inf|infinity)$/i.exec(raw);
  const value = inf ? (inf[1] === '-' ? -Infinity : Infinity) : raw.trim() === '' ? NaN : Number(raw);
  if (Number.isNaN(value)) throw new Error(`${where}: "${raw}" is not a number`);
  return value;
};

const labelKey = (labels: Record<string, string>) =>
  JSON.stringify(Object.entries(labels).sort(([a], [b]) => a.localeCompare(b)));

/** Every series of a histogram family, from its `_bucket`, `_sum` and `_count` lines. */
function histogramSamples(name: string, lines: readonly string[]): Sample[] {
  const series = new Map<string, Sample>();
  const seriesOf = (labels: Record<string, string>) => {
    const key = labelKey(labels);
    let found = series.get(key);
    if (!found) series.set(key, (found = { labels, value: 0, buckets: {} }));
    return found;
  };
  for (const line of lines) {
    if (!line.startsWith(`${name}_`)) continue;
    const [sample] = parsePrometheusTextFormat(`${line}\n`);
    const m = sample?.metrics[0];
    if (!sample || !m) continue;
    const value = number(m.value ?? '', sample.name);
    const { le, ...labels } = m.labels ?? {};
    if (sample.name === `${name}_bucket` && le !== undefined) seriesOf(labels).buckets![le] = value;
    else if (sample.name === `${name}_count`) Object.assign(seriesOf(labels), { count: value, value });
    else if (sample.name === `${name}_sum`) seriesOf(labels).sum = value;
  }
  return [...series.values()];
}

export function parseScrape(text: string): Scrape {
  const families = parsePrometheusTextFormat(text);
  const lines = text.split('\n').filter((l) => l && !l.startsWith('#'));
  const scrape: Scrape = new Map();
  for (const f of families) {
    if (scrape.has(f.name)) throw new Error(`${f.name} appears twice`);
    if (f.type === 'UNTYPED') throw new Error(`${f.name} has no # TYPE line`);
    const samples =
      f.type === 'HISTOGRAM'
        ? histogramSamples(f.name, lines)
        : f.metrics.map((m): Sample => ({ labels: m.labels ?? {}, value: number(m.value ?? '', f.name) }));
    scrape.set(f.name, { name: f.name, help: f.help, type: f.type, samples });
  }
  return scrape;
}

/** The samples of one family whose labels include `labels`; throws when the family is missing. */
export function samplesOf(scrape: Scrape, name: string, labels: Record<string, string> = {}): Sample[] {
  const family = scrape.get(name);
  if (!family) throw new Error(`no ${name} in the scrape (has ${[...scrape.keys()].join(', ')})`);
  return family.samples.filter((s) => Object.entries(labels).every(([k, v]) => s.labels[k] === v));
}

/** The one value of a series; throws unless exactly one sample matches. */
export function valueOf(scrape: Scrape, name: string, labels: Record<string, string> = {}): number {
  const found = samplesOf(scrape, name, labels);
  if (found.length !== 1) throw new Error(`${found.length} samples of ${name} ${JSON.stringify(labels)}`);
  return found[0]!.value;
}

/** The default process metrics every process serves (prom-client's collectDefaultMetrics). */
export const PROCESS_METRICS = [
  'process_cpu_seconds_total',
  'process_resident_memory_bytes',
  'nodejs_heap_size_used_bytes',
  'nodejs_eventloop_lag_p50_seconds',
  'nodejs_eventloop_lag_p90_seconds',
  'nodejs_eventloop_lag_p99_seconds',
  'nodejs_gc_duration_seconds',
] as const;
