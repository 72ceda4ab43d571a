import { Link } from '@remix-run/react';
import { useCallback, useEffect, useRef, useState, type UIEvent } from 'react';
import { useLocale, useT } from '~/i18n';
import { cn } from '../ui/cn';
import type { CallListItem } from './call-types';
import { dispositionLabel } from './disposition-label';
import { callTitle, formatDateTime, formatDuration, snippetParts } from './format';

const ROW_HEIGHT = 76;
const OVERSCAN = 6;

export interface CallListProps {
  calls: CallListItem[];
  selectedId: string | null;
  hrefOf: (id: string) => string;
  hasMore: boolean;
  loadingMore: boolean;
  onLoadMore: () => void;
}

/**
 * The calls list, virtualised: only the rows in view (plus a few) are in the DOM, so a list of thousands
 * scrolls smoothly; reaching the end asks for the next page.
 */
export function CallList({ calls, selectedId, hrefOf, hasMore, loadingMore, onLoadMore }: CallListProps) {
  const t = useT();
  const locale = useLocale();
  const scroller = useRef<HTMLDivElement>(null);
  const [view, setView] = useState({ top: 0, height: 800 });

  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const measure = () => setView({ top: el.scrollTop, height: el.clientHeight || 800 });
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  // Keep the selected call in view when the keyboard moves the selection.
  useEffect(() => {
    const el = scroller.current;
    const index = calls.findIndex((c) => c.id === selectedId);
    if (!el || index < 0) return;
    const top = index * ROW_HEIGHT;
    if (top < el.scrollTop) el.scrollTop = top;
    else if (top + ROW_HEIGHT > el.scrollTop + el.clientHeight)
      el.scrollTop = top + ROW_HEIGHT - el.clientHeight;
  }, [selectedId, calls]);

  const onScroll = useCallback(
    (e: UIEvent<HTMLDivElement>) => {
      const el = e.currentTarget;
      setView({ top: el.scrollTop, height: el.clientHeight });
      if (hasMore && !loadingMore && el.scrollTop + el.clientHeight > el.scrollHeight - ROW_HEIGHT * 5)
        onLoadMore();
    },
    [hasMore, loadingMore, onLoadMore],
  );

  const first = Math.max(0, Math.floor(view.top / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(calls.length, Math.ceil((view.top + view.height) / ROW_HEIGHT) + OVERSCAN);

  return (
    <div
      ref={scroller}
      onScroll={onScroll}
      className="min-h-0 flex-1 overflow-y-auto"
      role="listbox"
      aria-label={t('inbox.title')}
      data-testid="call-list"
    >
      <div style={{ height: calls.length * ROW_HEIGHT, position: 'relative' }}>
        {calls.slice(first, last).map((call, i) => {
          const index = first + i;
          const selected = call.id === selectedId;
          return (
            <Link
              key={call.id}
              to={hrefOf(call.id)}
              role="option"
              aria-selected={selected}
              data-testid="call-row"
              prefetch="intent"
              className={cn(
                'absolute inset-x-0 flex flex-col justify-center gap-0.5 border-b border-border px-3 text-sm transition-colors',
                selected ? 'bg-brand-subtle' : 'hover:bg-surface-hover',
              )}
              style={{ top: index * ROW_HEIGHT, height: ROW_HEIGHT }}
            >
              <div className="flex items-center justify-between gap-2">
                <span className="truncate font-medium text-fg">
                  {callTitle(call, {
                    test: t('inbox.directions.test'),
                    unknown: t('inbox.list.unknownCaller'),
                    browser: t('inbox.directions.browser'),
                  })}
                </span>
                <span className="shrink-0 text-xs text-fg-subtle">
                  {formatDateTime(call.startedAt, locale)}
                </span>
              </div>
              <div className="flex min-w-0 items-center gap-2 overflow-hidden text-xs whitespace-nowrap text-fg-muted">
                <span>{t(`inbox.directions.${call.direction as 'inbound'}`)}</span>
                {call.agent && <span className="truncate">· {call.agent.name}</span>}
                <span>· {formatDuration(call.durationMs)}</span>
                <span>· {t('inbox.list.turns', { count: call.turnCount })}</span>
                {call.status === 'live' && (
                  <span className="rounded bg-success-subtle px-1 text-success-subtle-fg">
                    {t('inbox.list.live')}
                  </span>
                )}
                {call.openIssueCount > 0 && (
                  <span className="rounded bg-danger-subtle px-1 text-danger-subtle-fg">
                    {t('inbox.list.issues', { count: call.openIssueCount })}
                  </span>
                )}
                {call.tags.slice(0, 2).map((tag) => (
                  <span key={tag} className="max-w-24 shrink-0 truncate rounded bg-brand-subtle px-1 text-fg">
                    {tag}
                  </span>
                ))}
                {call.tags.length > 2 && (
                  <span className="text-fg-subtle">
                    {t('inbox.list.moreTags', { count: call.tags.length - 2 })}
                  </span>
                )}
              </div>
              <div className="truncate text-xs text-fg-subtle">
                {call.snippet
                  ? snippetParts(call.snippet).map((part, k) =>
                      part.hit ? (
                        <mark key={k} className="rounded bg-brand-100 px-0.5 text-fg">
                          {part.text}
                        </mark>
                      ) : (
                        <span key={k}>{part.text}</span>
                      ),
                    )
                  : (call.summary ?? (call.disposition ? dispositionLabel(t, call.disposition) : ''))}
              </div>
            </Link>
          );
        })}
      </div>
      {loadingMore && <p className="p-3 text-center text-xs text-fg-subtle">{t('inbox.loadingMore')}</p>}
    </div>
  );
}
