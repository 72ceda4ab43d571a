import { Link, useRevalidator } from '@remix-run/react';
import { api } from '~/components/api/api-client';
import { formatDateTime, formatDuration } from '~/components/inbox/format';
import { Button } from '~/components/ui/button';
import { useLocale, useT } from '~/i18n';
import type { ActivityItem } from './crm-types';

interface Props {
  projectId: string;
  activities: ActivityItem[];
  canEdit: boolean;
  canListen: boolean;
  canOpenCalls: boolean;
}

const text = (v: unknown) =>
  typeof v === 'string' ? v : v === null || v === undefined ? '' : JSON.stringify(v);

/** One contact's history, newest first: calls (summary, outcomes, recording), notes, tasks, stage changes. */
export function Timeline({ projectId, activities, canEdit, canListen, canOpenCalls }: Props) {
  const t = useT();
  const locale = useLocale();
  const revalidator = useRevalidator();
  const toggleTask = async (a: ActivityItem) => {
    await api(`/api/v1/projects/${projectId}/crm/activities/${a.id}`, {
      method: 'PATCH',
      json: { done: !a.doneAt },
    });
    revalidator.revalidate();
  };
  if (activities.length === 0)
    return <p className="text-sm text-fg-muted">{t('crm.contact.timelineEmpty')}</p>;
  return (
    <ol className="space-y-3" data-testid="crm-timeline">
      {activities.map((a) => {
        const type = a.type as 'call';
        const d = a.data;
        return (
          <li
            key={a.id}
            className="space-y-1.5 rounded-panel border border-border bg-surface p-3 shadow-card"
            data-testid={`crm-activity-${a.type}`}
          >
            <div className="flex flex-wrap items-baseline justify-between gap-2 text-sm">
              <span className="font-medium text-fg">
                {a.type === 'call'
                  ? `${d.direction === 'outbound' ? t('crm.activity.outbound') : t('crm.activity.inbound')} · ${formatDuration(typeof d.durationMs === 'number' ? d.durationMs : null)}`
                  : t(`crm.activity.types.${type}`)}
              </span>
              <time className="text-xs text-fg-subtle">{formatDateTime(a.occurredAt, locale)}</time>
            </div>
            {a.type === 'call' && (
              <>
                <p className="text-sm text-fg-muted">{a.body || t('crm.activity.noSummary')}</p>
                {d.outcomes && typeof d.outcomes === 'object' && Object.keys(d.outcomes).length > 0 && (
                  <dl className="flex flex-wrap gap-x-4 gap-y-1 text-xs">
                    {Object.entries(d.outcomes as Record<string, unknown>).map(([k, v]) => (
                      <div key={k}>
                        <dt className="inline text-fg-subtle">{k}: </dt>
                        <dd className="inline text-fg">{text(v) || '—'}</dd>
                      </div>
                    ))}
                  </dl>
                )}
                <div className="flex flex-wrap items-center gap-2">
                  {canListen && d.hasRecording === true && a.callId && (
                    <audio
                      controls
                      preload="none"
                      aria-label={t('crm.activity.play')}
                      src={`/api/v1/projects/${projectId}/calls/${a.callId}/recording`}
                      className="h-8 max-w-full"
                      data-testid="crm-call-audio"
                    />
                  )}
                  {canOpenCalls && a.callId && (
                    <Link
                      to={`/p/${projectId}/inbox/${a.callId}`}
                      className="text-sm text-brand hover:underline"
                    >
                      {t('crm.activity.openCall')}
                    </Link>
                  )}
                </div>
              </>
            )}
            {a.type === 'stage_change' && (
              <p className="text-sm text-fg-muted">
                {t('crm.activity.stageChange', { deal: a.title, from: text(d.fromName), to: text(d.toName) })}
              </p>
            )}
            {(a.type === 'note' || a.type === 'message') && (
              <p className="text-sm whitespace-pre-wrap text-fg">{a.body}</p>
            )}
            {a.type === 'task' && (
              <div className="flex flex-wrap items-center justify-between gap-2 text-sm">
                <span className={a.doneAt ? 'text-fg-subtle line-through' : 'text-fg'}>
                  {a.title || a.body}
                  {a.dueAt && (
                    <span className="ml-2 text-xs text-fg-subtle">
                      {t('crm.activity.due', { date: formatDateTime(a.dueAt, locale) })}
                    </span>
                  )}
                </span>
                {canEdit && (
                  <Button size="sm" variant="ghost" onClick={() => void toggleTask(a)}>
                    {a.doneAt ? t('crm.activity.reopen') : t('crm.activity.markDone')}
                  </Button>
                )}
              </div>
            )}
          </li>
        );
      })}
    </ol>
  );
}
