import { useT } from '~/i18n';
import { cn } from '~/components/ui/cn';
import type { CampaignItem } from './campaign-types';

const TONE: Record<CampaignItem['status'], string> = {
  draft: 'bg-surface-muted text-fg-muted',
  running: 'bg-success-subtle text-success-subtle-fg',
  paused: 'bg-danger-subtle text-danger-subtle-fg',
  completed: 'bg-brand-subtle text-brand-subtle-fg',
  cancelled: 'bg-surface-muted text-fg-subtle',
};

export function CampaignStatusBadge({ status }: { status: CampaignItem['status'] }) {
  const t = useT();
  return (
    <span
      data-testid="campaign-status"
      data-status={status}
      className={cn('inline-flex rounded-full px-2 py-0.5 text-xs font-medium', TONE[status])}
    >
      {t(`campaigns.status.${status}`)}
    </span>
  );
}

/** Done of total, as a bar and words. */
export function CampaignProgress({ counts }: { counts: CampaignItem['counts'] }) {
  const t = useT();
  const finished = counts.completed + counts.failed + counts.dnc + counts.cancelled;
  const pct = counts.total ? Math.round((finished / counts.total) * 100) : 0;
  return (
    <div className="flex min-w-40 flex-col gap-1">
      <div className="h-1.5 overflow-hidden rounded-full bg-surface-muted">
        <div className="h-full bg-brand" style={{ width: `${pct}%` }} />
      </div>
      <span className="text-xs text-fg-muted">
        {t('campaigns.progress', { done: counts.completed, total: counts.total })}
      </span>
    </div>
  );
}
