import type { StageTimings, VoiceCallEvent } from '#server/calls/call-events.ts';
import { Counter, Gauge, Histogram, MetricsRegistry } from './prometheus-text.ts';

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
 * the calls and monitor views see. Transports add their own (RTP late packets) to the same registry.
 */
export class VoiceMetrics {
  readonly registry = new MetricsRegistry();
  readonly setups = this.registry.register(new Counter('voice_call_setups_total', 'Calls answered.'));
  readonly refused = this.registry.register(
    new Counter('voice_calls_refused_total', 'Calls refused before answer, by reason.'),
  );
  readonly failures = this.registry.register(
    new Counter('voice_call_failures_total', 'Calls that ended with an error.'),
  );
  readonly ended = this.registry.register(new Counter('voice_calls_ended_total', 'Calls ended, by reason.'));
  readonly fillers = this.registry.register(
    new Counter('voice_dead_air_fillers_total', 'Fillers played because a reply was late.'),
  );
  readonly bargeIns = this.registry.register(
    new Counter('voice_barge_ins_total', 'Prompts cut off by the caller.'),
  );
  readonly stageLatency = this.registry.register(
    new Histogram(
      'voice_stage_latency_ms',
      'Per-turn latency of each pipeline stage, in ms.',
      LATENCY_BUCKETS_MS,
    ),
  );
  readonly bargeInLatency = this.registry.register(
    new Histogram(
      'voice_barge_in_latency_ms',
      'From caller speech onset to playback cleared, in ms.',
      LATENCY_BUCKETS_MS,
    ),
  );

  constructor(active: ActiveCallsSource) {
    this.registry.register(
      new Gauge('voice_calls_active', 'Calls in progress, by project.', () => {
        const byProject = active.activeByProject();
        let total = 0;
        const rows = [...byProject].map(([project, value]) => {
          total += value;
          return { labels: { project }, value };
        });
        return [{ value: total }, ...rows];
      }),
    );
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
          if (value !== undefined) this.stageLatency.observe(value, { stage: stageLabel(stage) });
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

  render(): string {
    return this.registry.render();
  }
}
