import { useCallback, useEffect, useState } from 'react';
import { api } from '../api/api-client';
import { Button } from '../ui/button';
import { cn } from '../ui/cn';
import { Table, TableBody, TableCell, TableHead, TableHeaderCell, TableRow } from '../ui/table';
import { eventTypeLabel } from './event-type-label';
import { deliveriesSchema, type Delivery } from './webhook-types';
import { useLocale, useT } from '~/i18n';

const TONE: Record<Delivery['status'], string> = {
  succeeded: 'bg-success',
  failed: 'bg-danger',
  retrying: 'bg-danger/50',
  pending: 'bg-border-strong',
};

/** One bar per recent delivery, oldest first, coloured by outcome and as tall as its response time. */
function OutcomeBars({ deliveries }: { deliveries: Delivery[] }) {
  const t = useT();
  const recent = deliveries.slice(0, 40).reverse();
  const slowest = Math.max(1, ...recent.map((d) => d.responseMs ?? 0));
  return (
    <div className="space-y-1">
      <p className="text-xs text-fg-subtle">{t('webhooks.recent')}</p>
      <div className="flex h-8 items-end gap-0.5" data-testid="webhook-outcomes">
        {recent.map((d) => (
          <span
            key={d.id}
            title={`${eventTypeLabel(t, d.eventType)} · ${t(`webhooks.status.${d.status}`)}`}
            className={cn('w-1.5 rounded-sm', TONE[d.status])}
            style={{ height: `${Math.max(20, ((d.responseMs ?? slowest) / slowest) * 100)}%` }}
          />
        ))}
      </div>
    </div>
  );
}

/**
 * The endpoint's delivery log, newest first. Re-read while something is still pending or retrying, so a test
 * event's outcome shows without a reload; `version` changes when the page sends a test event.
 */
export function DeliveryLog({
  projectId,
  webhookId,
  version,
}: {
  projectId: string;
  webhookId: string;
  version: number;
}) {
  const t = useT();
  const locale = useLocale();
  const [deliveries, setDeliveries] = useState<Delivery[]>();
  const [failed, setFailed] = useState(false);
  const load = useCallback(async () => {
    const result = await api(`/api/v1/projects/${projectId}/webhooks/${webhookId}/deliveries`, {
      query: new URLSearchParams({ limit: '50' }),
      schema: deliveriesSchema,
    });
    if (result.ok) {
      setDeliveries(result.data.deliveries);
      setFailed(false);
    } else setFailed(true);
  }, [projectId, webhookId]);
  useEffect(() => {
    void load();
  }, [load, version]);
  const unsettled = deliveries?.some((d) => d.status === 'pending' || d.status === 'retrying') ?? false;
  useEffect(() => {
    if (!unsettled) return;
    const timer = setInterval(() => {
      void load();
    }, 2000);
    return () => {
      clearInterval(timer);
    };
  }, [unsettled, load]);

  return (
    <div className="space-y-3" data-testid={`webhook-deliveries-${webhookId}`}>
      <div className="flex items-end justify-between gap-4">
        {deliveries && deliveries.length > 0 ? <OutcomeBars deliveries={deliveries} /> : <span />}
        <Button variant="ghost" size="sm" onClick={() => void load()}>
          {t('webhooks.refresh')}
        </Button>
      </div>
      {failed ? (
        <p role="alert" className="text-sm text-danger">
          {t('forms.codes.unknown')}
        </p>
      ) : null}
      {deliveries && deliveries.length === 0 ? (
        <p className="text-sm text-fg-muted">{t('webhooks.noDeliveries')}</p>
      ) : null}
      {deliveries && deliveries.length > 0 ? (
        <div className="overflow-x-auto rounded-card border border-border">
          <Table>
            <TableHead>
              <TableRow>
                <TableHeaderCell>{t('webhooks.columns.event')}</TableHeaderCell>
                <TableHeaderCell>{t('webhooks.columns.status')}</TableHeaderCell>
                <TableHeaderCell>{t('webhooks.columns.attempts')}</TableHeaderCell>
                <TableHeaderCell>{t('webhooks.columns.response')}</TableHeaderCell>
                <TableHeaderCell>{t('webhooks.columns.time')}</TableHeaderCell>
                <TableHeaderCell>{t('webhooks.columns.at')}</TableHeaderCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {deliveries.map((d) => (
                <TableRow key={d.id} data-testid="webhook-delivery">
                  <TableCell className="text-xs">
                    {eventTypeLabel(t, d.eventType)} <code className="text-fg-subtle">{d.eventType}</code>
                  </TableCell>
                  <TableCell>
                    <span className="inline-flex items-center gap-1.5 text-sm">
                      <span className={cn('size-2 rounded-full', TONE[d.status])} />
                      {t(`webhooks.status.${d.status}`)}
                    </span>
                    {d.error ? (
                      <p className="max-w-xs truncate text-xs text-fg-subtle" title={d.error}>
                        {d.error}
                      </p>
                    ) : null}
                  </TableCell>
                  <TableCell className="tabular-nums">{d.attempts}</TableCell>
                  <TableCell className="tabular-nums">{d.responseStatus ?? '—'}</TableCell>
                  <TableCell className="tabular-nums">
                    {d.responseMs === null ? '—' : t('webhooks.ms', { ms: d.responseMs })}
                  </TableCell>
                  <TableCell className="text-fg-muted">
                    {new Date(d.createdAt).toLocaleString(locale)}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      ) : null}
    </div>
  );
}
