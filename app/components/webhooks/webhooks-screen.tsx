import { GlobeIcon } from '../icons';
import { EmptyState } from '../ui/empty-state';
import { PageHeader } from '../ui/page-header';
import { CreateWebhookDialog } from './create-webhook-dialog';
import { WebhookCard } from './webhook-card';
import type { Webhook } from './webhook-types';
import { useT } from '~/i18n';

/** The project's webhooks: add one, and for each its state, actions and delivery log. */
export function WebhooksScreen({
  projectId,
  webhooks,
  eventTypes,
}: {
  projectId: string;
  webhooks: Webhook[];
  eventTypes: readonly string[];
}) {
  const t = useT();
  return (
    <div className="space-y-8">
      <PageHeader
        title={t('webhooks.title')}
        description={t('webhooks.description')}
        actions={<CreateWebhookDialog projectId={projectId} eventTypes={eventTypes} />}
      />
      {webhooks.length === 0 ? (
        <EmptyState
          icon={<GlobeIcon size={20} />}
          title={t('webhooks.empty')}
          text={t('webhooks.emptyText')}
        />
      ) : (
        <div className="space-y-4">
          {webhooks.map((w) => (
            <WebhookCard key={w.id} projectId={projectId} webhook={w} eventTypes={eventTypes} />
          ))}
        </div>
      )}
    </div>
  );
}
