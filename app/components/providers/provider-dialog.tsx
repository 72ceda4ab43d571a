import { useState, type ReactNode } from 'react';
import { api } from '~/components/api/api-client';
import { ApiFormDialog } from '~/components/api/api-form-dialog';
import { apiFieldMessages } from '~/components/api/api-failure-message';
import { FormField } from '~/components/ui/form-field';
import { Input } from '~/components/ui/input';
import { Select } from '~/components/ui/select';
import { useT } from '~/i18n';
import {
  PROVIDER_CATALOG,
  PROVIDER_KINDS,
  type ProviderItem,
  type ProviderKind,
  type SettingField,
} from './provider-types';

interface Props {
  projectId: string;
  /** Editing this one; absent = adding. */
  provider?: ProviderItem;
  trigger: ReactNode;
}

const HINTS: Partial<Record<SettingField, 'baseUrlHint' | 'regionHint' | 'folderIdHint'>> = {
  baseUrl: 'baseUrlHint',
  region: 'regionHint',
  folderId: 'folderIdHint',
};

/** Add or edit a provider account: the fields the chosen provider needs, the key never shown back. */
export function ProviderDialog({ projectId, provider, trigger }: Props) {
  const t = useT();
  const [kind, setKind] = useState<ProviderKind>(provider?.provider ?? 'yandex');
  const info = PROVIDER_CATALOG[kind];

  const submit = (form: FormData) => {
    const text = (name: string) => String(form.get(name) ?? '').trim();
    const settings = Object.fromEntries(
      info.fields.map((field) => [field, text(field)] as const).filter(([, value]) => value !== ''),
    );
    const apiKey = text('apiKey');
    const body = {
      name: text('name'),
      ...(apiKey ? { apiKey } : {}),
      settings,
      ...(provider ? {} : { provider: kind }),
    };
    const base = `/api/v1/projects/${projectId}/providers` as const;
    return provider
      ? api(`${base}/${provider.id}`, { method: 'PATCH', json: body })
      : api(base, { method: 'POST', json: body });
  };

  const formId = provider ? `provider-form-${provider.id}` : 'provider-form';
  return (
    <ApiFormDialog
      formId={formId}
      trigger={trigger}
      title={provider ? t('providers.form.editTitle', { name: provider.name }) : t('providers.form.addTitle')}
      submitLabel={provider ? t('providers.form.save') : t('providers.form.create')}
      submit={submit}
      formClassName="grid gap-4"
    >
      {(failure) => {
        const error = apiFieldMessages(t, failure, 'providers');
        const fieldError = (field: string) =>
          failure?.fields[`settings.${field}`] ? t('providers.fieldErrors.settings') : undefined;
        return (
          <>
            {failure && Object.keys(failure.fields).length === 0 ? (
              <p className="text-sm text-danger" role="alert">
                {failure.code === 'provider_name_taken'
                  ? t('providers.codes.provider_name_taken')
                  : t('providers.requestFailed')}
              </p>
            ) : null}
            <FormField label={t('providers.form.provider')}>
              <Select
                value={kind}
                disabled={provider !== undefined}
                onValueChange={(value) => setKind(value as ProviderKind)}
                options={PROVIDER_KINDS.map((k) => ({ value: k, label: t(`providers.kinds.${k}`) }))}
                data-testid="provider-kind"
              />
            </FormField>
            <FormField label={t('providers.form.name')} error={error('name')}>
              <Input
                name="name"
                defaultValue={provider?.name ?? ''}
                placeholder={t('providers.form.namePlaceholder')}
              />
            </FormField>
            {info.key !== 'none' ? (
              <FormField
                label={t('providers.form.apiKey')}
                error={error('apiKey')}
                hint={
                  provider?.apiKey
                    ? t('providers.form.apiKeyKeep', { masked: provider.apiKey })
                    : info.key === 'optional'
                      ? t('providers.form.apiKeyOptional')
                      : undefined
                }
              >
                <Input name="apiKey" type="password" autoComplete="new-password" />
              </FormField>
            ) : null}
            {info.fields.map((field) => {
              const hint = HINTS[field];
              return (
                <FormField
                  key={`${kind}-${field}`}
                  label={t(`providers.form.${field}`)}
                  error={fieldError(field)}
                  hint={hint ? t(`providers.form.${hint}`) : undefined}
                >
                  <Input name={field} defaultValue={provider?.settings[field] ?? ''} autoComplete="off" />
                </FormField>
              );
            })}
          </>
        );
      }}
    </ApiFormDialog>
  );
}
