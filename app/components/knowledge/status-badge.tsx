import { useT } from '~/i18n';
import { cn } from '../ui/cn';

export type SourceStatus = 'pending' | 'indexing' | 'ready' | 'failed';

/** Failure codes the screen explains in the user's language; any other shows the stored detail. */
const EXPLAINED = [
  'expansion_limit',
  'resource_limit',
  'encrypted',
  'too_large',
  'unsupported_type',
  'unreadable',
  'url_blocked',
  'robots_disallowed',
  'nothing_indexed',
  'fetch_failed',
] as const;
type ExplainedCode = (typeof EXPLAINED)[number];
const isExplained = (code: string | null | undefined): code is ExplainedCode =>
  (EXPLAINED as readonly string[]).includes(code ?? '');

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
  errorCode,
}: {
  status: SourceStatus;
  progress: { done: number; total: number };
  error: string | null;
  errorCode?: string | null;
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
      {status === 'failed' && isExplained(errorCode) && (
        <p className="max-w-64 text-xs text-danger" title={error ?? undefined} data-error-code={errorCode}>
          {t(`knowledge.sourceError.${errorCode}`)}
        </p>
      )}
      {status === 'failed' && !isExplained(errorCode) && error && (
        <p className="max-w-64 text-xs text-danger">{error}</p>
      )}
      {/* A ready source can still have a note: pages a crawl skipped, or vectors that failed. */}
      {status === 'ready' && error && <p className="max-w-64 text-xs text-fg-subtle">{error}</p>}
    </div>
  );
}
