import { api } from '../api/api-client';
import { ApiFormDialog } from '../api/api-form-dialog';
import { Button } from '../ui/button';
import { WebhookFields } from './webhook-fields';
import { webhookBody, webhookSchema, type Webhook } from './webhook-types';
import { useT } from '~/i18n';

/** Changes the address, description or events (PATCH); the secret stays as it is. */
export function EditWebhookDialog({
  projectId,
  webhook,
  eventTypes,
}: {
  projectId: string;
  webhook: Webhook;
  eventTypes: readonly string[];
}) {
  const t = useT();
  return (
    <ApiFormDialog
      formId={`webhook-edit-${webhook.id}`}
      title={t('webhooks.editTitle')}
      size="lg"
      trigger={
        <Button variant="ghost" size="sm">
          {t('webhooks.edit')}
        </Button>
      }
      submitLabel={t('webhooks.save')}
      formClassName="space-y-4"
      submit={(form) =>
        api(`/api/v1/projects/${projectId}/webhooks/${webhook.id}`, {
          method: 'PATCH',
          json: webhookBody(form),
          schema: webhookSchema,
        })
      }
    >
      {(failure) => (
        <WebhookFields
          failure={failure}
          eventTypes={eventTypes}
          webhook={webhook}
          idPrefix={`edit-${webhook.id}`}
        />
      )}
    </ApiFormDialog>
  );
}
