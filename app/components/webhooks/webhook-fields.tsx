import type { ApiFailure } from '../api/api-client';
import { apiFailureMessage, apiFieldMessages } from '../api/api-failure-message';
import { Checkbox } from '../ui/checkbox';
import { FormField } from '../ui/form-field';
import { Input } from '../ui/input';
import { Label } from '../ui/label';
import { eventTypeLabel } from './event-type-label';
import type { Webhook } from './webhook-types';
import { useT } from '~/i18n';

/** URL, description and event-type checkboxes, with what the API refused shown at each field. */
export function WebhookFields({
  failure,
  eventTypes,
  webhook,
  idPrefix,
}: {
  failure: ApiFailure | undefined;
  eventTypes: readonly string[];
  webhook?: Webhook;
  idPrefix: string;
}) {
  const t = useT();
  const fieldError = apiFieldMessages(t, failure, 'webhooks');
  const blamed = failure && Object.keys(failure.fields).length > 0;
  return (
    <>
      {failure && !blamed ? (
        <p role="alert" className="text-sm text-danger">
          {apiFailureMessage(t, failure, 'webhooks')}
        </p>
      ) : null}
      <FormField label={t('webhooks.url')} hint={t('webhooks.urlHint')} error={fieldError('url')}>
        <Input
          name="url"
          type="url"
          inputMode="url"
          placeholder="https://example.com/hooks/voice"
          defaultValue={webhook?.url}
          aria-invalid={fieldError('url') ? true : undefined}
          required
        />
      </FormField>
      <FormField label={t('webhooks.descriptionLabel')} error={fieldError('description')}>
        <Input
          name="description"
          maxLength={200}
          placeholder={t('webhooks.descriptionPlaceholder')}
          defaultValue={webhook?.description}
        />
      </FormField>
      <fieldset className="space-y-2">
        <legend className="mb-2 text-sm font-medium text-fg">{t('webhooks.eventTypes')}</legend>
        <div className="grid grid-cols-1 gap-2 sm:grid-cols-2">
          {eventTypes.map((type) => (
            <div key={type} className="flex items-center gap-2">
              <Checkbox
                id={`${idPrefix}-${type}`}
                name="eventTypes"
                value={type}
                defaultChecked={webhook?.eventTypes.includes(type)}
              />
              <Label htmlFor={`${idPrefix}-${type}`} className="text-sm">
                {eventTypeLabel(t, type)} <code className="text-xs text-fg-subtle">{type}</code>
              </Label>
            </div>
          ))}
        </div>
        {fieldError('eventTypes') ? (
          <p className="text-xs text-danger" role="alert">
            {fieldError('eventTypes')}
          </p>
        ) : null}
      </fieldset>
    </>
  );
}
