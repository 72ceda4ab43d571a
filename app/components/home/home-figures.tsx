import { useLocale, useT } from '~/i18n';

interface Figures {
  calls: number;
  handled: number;
  transferred: number;
  failed: number;
  p95ReplyMs: number | null;
}

const keys = ['calls', 'handled', 'transferred', 'failed'] as const;

/** Today's and the week's figures of real calls, and calls per day as a small bar chart. */
export function HomeFiguresPanel({
  today,
  week,
  days,
}: {
  today: Figures;
  week: Figures;
  days: { day: string; calls: number }[];
}) {
  const t = useT();
  const locale = useLocale();
  const max = Math.max(1, ...days.map((d) => d.calls));
  const number = new Intl.NumberFormat(locale);
  const ms = (value: number | null) =>
    value === null ? '—' : t('newUser.home.ms', { value: number.format(value) });
  return (
    <section
      aria-labelledby="figures"
      className="space-y-4 rounded-panel border border-border bg-surface p-5 shadow-card"
      data-testid="home-figures"
    >
      <h2 id="figures" className="text-sm font-semibold text-fg">
        {t('newUser.home.figuresTitle')}
      </h2>
      <div className="overflow-x-auto">
        <table className="w-full text-sm">
          <thead>
            <tr className="text-left text-xs text-fg-subtle">
              <th scope="col" className="py-1 font-medium">
                <span className="sr-only">{t('newUser.home.period')}</span>
              </th>
              {keys.map((key) => (
                <th key={key} scope="col" className="py-1 font-medium">
                  {t(`newUser.home.figures.${key}`)}
                </th>
              ))}
              <th scope="col" className="py-1 font-medium">
                {t('newUser.home.figures.p95')}
              </th>
            </tr>
          </thead>
          <tbody>
            {(
              [
                ['today', today],
                ['week', week],
              ] as const
            ).map(([period, f]) => (
              <tr key={period} data-testid={`figures-${period}`} className="border-t border-border">
                <th scope="row" className="py-2 text-left font-medium text-fg-muted">
                  {t(`newUser.home.${period}`)}
                </th>
                {keys.map((key) => (
                  <td key={key} className="py-2 font-semibold text-fg tabular-nums" data-figure={key}>
                    {number.format(f[key])}
                  </td>
                ))}
                <td className="py-2 font-semibold text-fg tabular-nums" data-figure="p95">
                  {ms(f.p95ReplyMs)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <figure>
        <figcaption className="mb-2 text-xs text-fg-subtle">{t('newUser.home.chartTitle')}</figcaption>
        <div className="flex h-24 items-end gap-2" role="img" aria-label={t('newUser.home.chartTitle')}>
          {days.map((d) => (
            <div key={d.day} className="flex flex-1 flex-col items-center gap-1">
              <div
                className="w-full rounded-t bg-brand/70"
                style={{ height: `${Math.max(2, (d.calls / max) * 72)}px` }}
                title={`${d.day}: ${d.calls}`}
              />
              <span className="text-[10px] text-fg-subtle">
                {new Date(`${d.day}T12:00:00Z`).toLocaleDateString(locale, {
                  weekday: 'short',
                  timeZone: 'UTC',
                })}
              </span>
            </div>
          ))}
        </div>
      </figure>
    </section>
  );
}
