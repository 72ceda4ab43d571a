import { useT } from '~/i18n';
import { formatDuration } from '../inbox/format';

export interface CountersView {
  live: number;
  waiting: number;
  handledByBot: number;
  transferred: number;
  abandoned: number;
  averageHandleMs: number | null;
}

export function MonitorCounters({ counters }: { counters: CountersView }) {
  const t = useT();
  const items: [string, string, string][] = [
    ['live', t('monitor.counters.live'), String(counters.live)],
    ['waiting', t('monitor.counters.waiting'), String(counters.waiting)],
    ['handledByBot', t('monitor.counters.handledByBot'), String(counters.handledByBot)],
    ['transferred', t('monitor.counters.transferred'), String(counters.transferred)],
    ['abandoned', t('monitor.counters.abandoned'), String(counters.abandoned)],
    ['averageHandle', t('monitor.counters.averageHandle'), formatDuration(counters.averageHandleMs)],
  ];
  return (
    <dl className="grid grid-cols-2 gap-2 sm:grid-cols-3 lg:grid-cols-6">
      {items.map(([key, label, value]) => (
        <div
          key={key}
          className="rounded-card border border-border bg-surface p-3 shadow-card"
          data-testid={`counter-${key}`}
        >
          <dt className="text-xs text-fg-muted">{label}</dt>
          <dd className="mt-1 text-2xl font-semibold tabular-nums text-fg">{value}</dd>
        </div>
      ))}
    </dl>
  );
}
