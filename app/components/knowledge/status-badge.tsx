import { useT } from '~/i18n';
import { cn } from '../ui/cn';

export type SourceStatus = 'pending' | 'indexing' | 'ready' | 'failed';

const tones: Record<SourceStatus, string> = {
  pending: 'bg-surface-hover text-fg-muted',
  indexing: 'bg-brand-subtle text-brand-subtle-fg',
  ready: 'bg-success-subtle text-success-subtle-fg',
  failed: 'bg-danger-subtle text-danger-subtle-fg',
};

/** Status with a progress bar while a source is being indexed (pages done of found, for crawls). */
export function SourceStatusBadge({
  status,
  progress,
  error,
}: {
  status: SourceStatus;
  progress: { done: number; total: number };
  error: string | null;
}) {
  const t = useT();
  const pct = progress.total > 0 ? Math.round((progress.done / progress.total) * 100) : null;
  return (
    <div className="min-w-32 space-y-1" data-testid="source-status" data-status={status}>
      <span
        className={cn('inline-flex h-5 items-center rounded-full px-2 text-xs font-medium', tones[status])}
      >
        {t(`knowledge.status.${status}`)}
      </span>
      {status === 'indexing' && pct !== null && (
        <div className="space-y-0.5">
          <div
            className="h-1.5 overflow-hidden rounded-full bg-surface-hover"
            role="progressbar"
            aria-valuenow={pct}
          >
            <div className="h-full bg-brand-500 transition-[width]" style={{ width: `${pct}%` }} />
          </div>
          <p className="text-xs text-fg-subtle">{t('knowledge.progress', progress)}</p>
        </div>
      )}
      {status === 'failed' && error && <p className="max-w-64 text-xs text-danger">{error}</p>}
      {/* A ready source can still have a note: pages a crawl skipped, or vectors that failed. */}
      {status === 'ready' && error && <p className="max-w-64 text-xs text-fg-subtle">{error}</p>}
    </div>
  );
}
