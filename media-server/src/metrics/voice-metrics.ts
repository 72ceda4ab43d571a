import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { StageTimings, VoiceCallEvent } from '#server/calls/call-events.ts';

/** Milliseconds: from a VAD window to a slow LLM. */
const LATENCY_BUCKETS_MS = [5, 10, 25, 50, 100, 200, 400, 800, 1600, 3200, 6400];

const STAGES: Array<keyof StageTimings> = [
  'endpointingMs',
  'sttMs',
  'runtimeMs',
  'llmFirstTokenMs',
  'ttsFirstByteMs',
  'firstAudioMs',
  'responseMs',
];

const stageLabel = (key: keyof StageTimings) =>
  key.replace(/Ms$/, '').replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

export interface ActiveCallsSource {
  activeByProject(): Map<string, number>;
}

/**
 * The voice gateway's Prometheus metrics, fed by the calls' own events so that what is measured is what
 * the calls and monitor views see. A registry of its own (one per gateway; tests run several), served at
 * /metrics after the process metrics.
 */
export class VoiceMetrics {
  readonly registry = new Registry();
  readonly setups = new Counter({
    name: 'voice_call_setups_total',
    help: 'Calls answered.',
    registers: [this.registry],
  });
  readonly refused = new Counter({
    name: 'voice_calls_refused_total',
    help: 'Calls refused before answer, by reason.',
    labelNames: ['reason'],
    registers: [this.registry],
  });
  readonly failures = new Counter({
    name: 'voice_call_failures_total',
    help: 'Calls that ended with an error.',
    registers: [this.registry],
  });
  readonly ended = new Counter({
    name: 'voice_calls_ended_total',
    help: 'Calls ended, by reason.',
    labelNames: ['reason'],
    registers: [this.registry],
  });
  readonly fillers = new Counter({
    name: 'voice_dead_air_fillers_total',
    help: 'Fillers played because a reply was late.',
    registers: [this.registry],
  });
  readonly bargeIns = new Counter({
    name: 'voice_barge_ins_total',
    help: 'Prompts cut off by the caller.',
    registers: [this.registry],
  });
  readonly stageLatency = new Histogram({
    name: 'voice_stage_latency_ms',
    help: 'Per-turn latency of each pipeline stage, in ms.',
    labelNames: ['stage'],
    buckets: LATENCY_BUCKETS_MS,
    registers: [this.registry],
  });
  readonly bargeInLatency = new Histogram({
    name: 'voice_barge_in_latency_ms',
    help: 'From caller speech onset to playback cleared, in ms.',
    buckets: LATENCY_BUCKETS_MS,
    registers: [this.registry],
  });

  constructor(active: ActiveCallsSource) {
    // Read when scraped: active calls are counted where they live, not mirrored.
    new Gauge({
      name: 'voice_calls_active',
      help: 'Calls in progress: the total (no label) and by project.',
      labelNames: ['project'],
      registers: [this.registry],
      collect() {
        this.reset();
        let total = 0;
        for (const [project, value] of active.activeByProject()) {
          total += value;
          this.set({ project }, value);
        }
        this.set(total);
      },
    });
  }

  observe(event: VoiceCallEvent): void {
    switch (event.type) {
      case 'call.started':
        this.setups.inc();
        return;
      case 'call.dead_air_filler':
        this.fillers.inc();
        return;
      case 'call.barge_in':
        this.bargeIns.inc();
        this.bargeInLatency.observe(event.latencyMs);
        return;
      case 'turn.completed':
        for (const stage of STAGES) {
          const value = event.timings[stage];
          if (value !== undefined) this.stageLatency.observe({ stage: stageLabel(stage) }, value);
        }
        return;
      case 'call.ended':
        this.ended.inc({ reason: event.reason });
        if (event.reason === 'error') this.failures.inc();
        return;
      default:
        return;
    }
  }

  /** Prometheus text of the voice metrics alone. */
  render(): Promise<string> {
    return this.registry.metrics();
  }
}
