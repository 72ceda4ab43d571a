/** Calls over time by result: one stacked bar per time bucket, a legend of the results present. */
import { useLocale, useT } from '~/i18n';
import type { CampaignStats } from './campaign-types';

const COLOURS: Record<string, string> = {
  completed: 'var(--color-success)',
  answered: 'var(--color-success)',
  not_done: 'var(--color-brand-300)',
  busy: 'var(--color-brand-500)',
  no_answer: 'var(--color-fg-subtle)',
  machine: 'var(--color-brand-700)',
  callback: 'var(--color-brand-400)',
  failed: 'var(--color-danger)',
  live: 'var(--color-brand-200)',
};
const ORDER = [
  'completed',
  'answered',
  'not_done',
  'callback',
  'machine',
  'busy',
  'no_answer',
  'failed',
  'live',
];

export function CallsChart({ stats }: { stats: CampaignStats }) {
  const t = useT();
  const locale = useLocale();
  const series = stats.series;
  if (series.length === 0) return <p className="text-sm text-fg-muted">{t('campaigns.live.chartEmpty')}</p>;
  const totals = series.map((s) => Object.values(s.outcomes).reduce((a, b) => a + b, 0));
  const max = Math.max(1, ...totals);
  const width = 600;
  const height = 140;
  const bar = width / Math.max(series.length, 12);
  const present = ORDER.filter((o) => series.some((s) => s.outcomes[o]));
  const time = (iso: string) =>
    new Date(iso).toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit' });
  return (
    <figure className="space-y-2">
      <svg
        viewBox={`0 0 ${width} ${height + 16}`}
        className="h-44 w-full"
        role="img"
        aria-label={t('campaigns.live.chart')}
      >
        {series.map((s, i) => {
          let y = height;
          return (
            <g key={s.at}>
              {present.map((o) => {
                const n = s.outcomes[o] ?? 0;
                if (!n) return null;
                const h = (n / max) * (height - 4);
                y -= h;
                return (
                  <rect
                    key={o}
                    x={i * bar + 1}
                    y={y}
                    width={Math.max(bar - 2, 1)}
                    height={h}
                    fill={COLOURS[o] ?? 'gray'}
                  >
                    <title>{`${time(s.at)} · ${t(`campaigns.outcome.${o as 'busy'}`)}: ${n}`}</title>
                  </rect>
                );
              })}
            </g>
          );
        })}
        <text x={0} y={height + 14} className="fill-fg-subtle text-[10px]">
          {time(series[0]!.at)}
        </text>
        <text x={width} y={height + 14} textAnchor="end" className="fill-fg-subtle text-[10px]">
          {time(series.at(-1)!.at)}
        </text>
      </svg>
      <figcaption className="flex flex-wrap gap-3 text-xs text-fg-muted">
        {present.map((o) => (
          <span key={o} className="flex items-center gap-1">
            <span className="inline-block size-2.5 rounded-sm" style={{ background: COLOURS[o] }} />
            {t(`campaigns.outcome.${o as 'busy'}`)}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
