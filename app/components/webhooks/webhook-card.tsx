import { useState } from 'react';
import { api } from '../api/api-client';
import { apiFailureMessage } from '../api/api-failure-message';
import { useApiForm } from '../api/use-api-form';
import { AlertCircleIcon } from '../icons';
import { Button } from '../ui/button';
import { Card } from '../ui/card';
import { cn } from '../ui/cn';
import { ConfirmDialog } from '../ui/confirm-dialog';
import { DeliveryLog } from './delivery-log';
import { EditWebhookDialog } from './edit-webhook-dialog';
import { deliverySchema, type Webhook } from './webhook-types';
import { eventTypeLabel, failingReason } from './event-type-label';
import { useLocale, useT } from '~/i18n';

/** One endpoint: its address, events and state, its actions, and its delivery log on demand. */
export function WebhookCard({
  projectId,
  webhook,
  eventTypes,
}: {
  projectId: string;
  webhook: Webhook;
  eventTypes: readonly string[];
}) {
  const t = useT();
  const locale = useLocale();
  const failing = webhook.disabledReason ? failingReason(webhook.disabledReason) : null;
  const path = `/api/v1/projects/${projectId}/webhooks/${webhook.id}` as const;
  const [showLog, setShowLog] = useState(false);
  const [logVersion, setLogVersion] = useState(0);
  const [notice, setNotice] = useState<string>();
  const action = useApiForm<unknown>();
  const test = useApiForm<unknown>({
    revalidate: false,
    onSuccess: () => {
      setNotice(t('webhooks.testSent'));
      setShowLog(true);
      setLogVersion((v) => v + 1);
    },
  });
  const failure = action.failure ?? test.failure;
  return (
    <Card className="space-y-4 p-5" data-testid={`webhook-${webhook.id}`}>
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0 space-y-1">
          <div className="flex flex-wrap items-center gap-2">
            <span className="font-mono text-sm font-medium break-all text-fg" data-testid="webhook-url">
              {webhook.url}
            </span>
            <span
              className={cn(
                'rounded-full px-2 py-0.5 text-xs font-medium',
                webhook.enabled
                  ? 'bg-success-subtle text-success-subtle-fg'
                  : 'bg-surface-muted text-fg-muted',
              )}
              data-testid="webhook-state"
            >
              {webhook.enabled ? t('webhooks.enabled') : t('webhooks.disabled')}
            </span>
          </div>
          {webhook.description ? <p className="text-sm text-fg-muted">{webhook.description}</p> : null}
          <div className="flex flex-wrap gap-1">
            {webhook.eventTypes.map((type) => (
              <span key={type} className="rounded bg-surface-muted px-1.5 py-0.5 text-xs text-fg-muted">
                {eventTypeLabel(t, type)}
              </span>
            ))}
          </div>
        </div>
        <div className="flex flex-wrap items-center gap-1">
          <Button
            variant="secondary"
            size="sm"
            loading={test.busy}
            onClick={() => {
              setNotice(undefined);
              void test.run(() => api(`${path}/test-event`, { method: 'POST', schema: deliverySchema }));
            }}
          >
            {t('webhooks.sendTest')}
          </Button>
          <Button
            variant="ghost"
            size="sm"
            loading={action.busy}
            onClick={() =>
              void action.run(() => api(path, { method: 'PATCH', json: { enabled: !webhook.enabled } }))
            }
          >
            {webhook.enabled ? t('webhooks.disable') : t('webhooks.enable')}
          </Button>
          <EditWebhookDialog projectId={projectId} webhook={webhook} eventTypes={eventTypes} />
          <ConfirmDialog
            title={t('webhooks.removeTitle', { url: webhook.url })}
            description={t('webhooks.removeText')}
            trigger={
              <Button variant="ghost" size="sm">
                {t('webhooks.remove')}
              </Button>
            }
            confirmLabel={t('webhooks.remove')}
            onConfirm={() => void action.run(() => api(path, { method: 'DELETE' }))}
          />
        </div>
      </div>
      {!webhook.enabled && webhook.disabledReason ? (
        <p className="flex gap-2 text-sm text-danger" data-testid="webhook-disabled-reason">
          <AlertCircleIcon size={16} className="mt-0.5 shrink-0" />
          {failing ? (
            <span>
              {t('webhooks.disabledFailing', {
                since: new Date(failing.since).toLocaleString(locale, {
                  dateStyle: 'medium',
                  timeStyle: 'short',
                }),
              })}{' '}
              <code className="text-xs">{failing.error}</code>
            </span>
          ) : (
            t('webhooks.disabledReason', { reason: webhook.disabledReason })
          )}
        </p>
      ) : null}
      {failure ? (
        <p role="alert" className="text-sm text-danger">
          {apiFailureMessage(t, failure, 'webhooks')}
        </p>
      ) : null}
      {notice ? (
        <p role="status" className="text-sm text-fg-muted">
          {notice}
        </p>
      ) : null}
      <div>
        <Button variant="ghost" size="sm" onClick={() => setShowLog((v) => !v)} aria-expanded={showLog}>
          {showLog ? t('webhooks.hideDeliveries') : t('webhooks.deliveries')}
        </Button>
        {showLog ? (
          <div className="mt-3">
            <DeliveryLog projectId={projectId} webhookId={webhook.id} version={logVersion} />
          </div>
        ) : null}
      </div>
    </Card>
  );
}
