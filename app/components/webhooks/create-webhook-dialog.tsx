import { useState } from 'react';
import { CopyField } from '../access/copy-field';
import { api } from '../api/api-client';
import { useApiForm } from '../api/use-api-form';
import { AlertCircleIcon, PlusIcon } from '../icons';
import { Button } from '../ui/button';
import { Dialog, DialogClose } from '../ui/dialog';
import { WebhookFields } from './webhook-fields';
import { createdSchema, webhookBody } from './webhook-types';
import { useT } from '~/i18n';

/**
 * Adds an endpoint, then shows its signing secret this once (the API never answers it again). Not an
 * ApiFormDialog because that one closes on success, and here success is when the secret must be seen.
 */
export function CreateWebhookDialog({
  projectId,
  eventTypes,
}: {
  projectId: string;
  eventTypes: readonly string[];
}) {
  const t = useT();
  const [open, setOpen] = useState(false);
  const [secret, setSecret] = useState<string>();
  const form = useApiForm<{ secret: string }>({ onSuccess: (created) => setSecret(created.secret) });
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) {
          // Forgotten on close: the secret is not kept anywhere in the page once the dialog is gone.
          setSecret(undefined);
          form.setFailure(undefined);
        }
      }}
      trigger={
        <Button>
          <PlusIcon /> {t('webhooks.create')}
        </Button>
      }
      title={secret ? t('webhooks.secretTitle') : t('webhooks.createTitle')}
      size="lg"
      footer={
        secret ? (
          <DialogClose asChild>
            <Button variant="secondary">{t('webhooks.done')}</Button>
          </DialogClose>
        ) : (
          <Button type="submit" form="webhook-create" loading={form.busy}>
            {t('webhooks.createSubmit')}
          </Button>
        )
      }
    >
      {secret ? (
        <div className="space-y-3">
          <CopyField label={t('webhooks.secretLabel')} value={secret} testId="webhook-secret" />
          <p
            role="alert"
            className="flex gap-2 rounded-card border border-danger/30 bg-danger-subtle p-3 text-sm text-fg"
          >
            <AlertCircleIcon size={16} className="mt-0.5 shrink-0 text-danger" />
            {t('webhooks.secretWarning')}
          </p>
        </div>
      ) : (
        <form
          id="webhook-create"
          className="space-y-4"
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            const fields = new FormData(event.currentTarget);
            void form.run(() =>
              api(`/api/v1/projects/${projectId}/webhooks`, {
                method: 'POST',
                json: webhookBody(fields),
                schema: createdSchema,
              }),
            );
          }}
        >
          <WebhookFields failure={form.failure} eventTypes={eventTypes} idPrefix="create" />
        </form>
      )}
    </Dialog>
  );
}
