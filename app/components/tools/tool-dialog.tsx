import { useState, type ReactNode } from 'react';
import { api } from '~/components/api/api-client';
import { ApiFormDialog } from '~/components/api/api-form-dialog';
import { apiFailureMessage, apiFieldMessages } from '~/components/api/api-failure-message';
import { FormField } from '~/components/ui/form-field';
import { Input } from '~/components/ui/input';
import { Select } from '~/components/ui/select';
import { Textarea } from '~/components/ui/textarea';
import { useT } from '~/i18n';
import { ArgumentEditor } from './argument-editor';
import { headersToText, mappingToText, textToHeaders, textToMapping } from './argument-schema';
import type { ToolItem } from './tool-types';

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
const AUTH_KINDS = ['none', 'bearer', 'api_key'] as const;

interface Props {
  projectId: string;
  /** Editing this one; absent = adding. */
  tool?: ToolItem;
  trigger: ReactNode;
}

/** Add or edit an HTTP tool: what the model reads, the request, the arguments, the answer's mapping, the secret. */
export function ToolDialog({ projectId, tool, trigger }: Props) {
  const t = useT();
  const [method, setMethod] = useState<string>(tool?.method ?? 'GET');
  const [authKind, setAuthKind] = useState<string>(tool?.auth.kind ?? 'none');
  const [parameters, setParameters] = useState<Record<string, unknown> | null>(
    tool?.parameters ?? { type: 'object', properties: {} },
  );

  const submit = (form: FormData) => {
    const text = (name: string) => String(form.get(name) ?? '');
    const secret = text('secret');
    const body = {
      name: text('name').trim(),
      description: text('description').trim(),
      method,
      url: text('url').trim(),
      headers: textToHeaders(text('headers')),
      ...(method === 'GET' || method === 'DELETE' ? {} : { body: text('body') }),
      // A JSON tab that holds no schema is sent as such, for the API to name the field.
      parameters: parameters ?? { type: 'invalid' },
      responseMapping: textToMapping(text('responseMapping')),
      timeoutMs: Number(text('timeoutMs') || '10000'),
      retries: Number(text('retries') || '0'),
      auth: {
        kind: authKind,
        ...(authKind === 'api_key' ? { header: text('authHeader').trim() } : {}),
        ...(secret ? { secret } : {}),
      },
    };
    const base = `/api/v1/projects/${projectId}/tools` as const;
    return tool
      ? api(`${base}/${tool.id}`, { method: 'PATCH', json: body })
      : api(base, { method: 'POST', json: body });
  };

  return (
    <ApiFormDialog
      formId={tool ? `tool-form-${tool.id}` : 'tool-form'}
      trigger={trigger}
      size="lg"
      title={tool ? t('tools.form.editTitle', { name: tool.name }) : t('tools.form.addTitle')}
      submitLabel={tool ? t('tools.form.save') : t('tools.form.create')}
      submit={submit}
      formClassName="grid gap-4 sm:grid-cols-2"
    >
      {(failure) => {
        const error = apiFieldMessages(t, failure, 'tools');
        return (
          <>
            {failure && Object.keys(failure.fields).length === 0 ? (
              <p className="text-sm text-danger sm:col-span-2" role="alert">
                {apiFailureMessage(t, failure, 'tools')}
              </p>
            ) : null}
            <FormField label={t('tools.form.name')} hint={t('tools.form.nameHint')} error={error('name')}>
              <Input
                name="name"
                defaultValue={tool?.name ?? ''}
                placeholder="get_order"
                translate="no"
                autoComplete="off"
              />
            </FormField>
            <FormField label={t('tools.form.method')}>
              <Select
                value={method}
                onValueChange={setMethod}
                options={METHODS.map((m) => ({ value: m, label: m }))}
              />
            </FormField>
            <FormField
              label={t('tools.form.description')}
              hint={t('tools.form.descriptionHint')}
              error={error('description')}
              className="sm:col-span-2"
            >
              <Textarea name="description" rows={2} defaultValue={tool?.description ?? ''} />
            </FormField>
            <FormField
              label={t('tools.form.url')}
              hint={t('tools.form.urlHint', {
                arg: '{{args.name}}',
                example: 'https://crm.example.com/orders/{{args.orderId}}',
              })}
              error={error('url')}
              className="sm:col-span-2"
            >
              <Input name="url" defaultValue={tool?.url ?? ''} placeholder="https://" autoComplete="off" />
            </FormField>
            <div className="space-y-1 sm:col-span-2">
              <p className="text-sm font-medium text-fg">{t('tools.form.arguments')}</p>
              <ArgumentEditor
                value={tool?.parameters ?? { type: 'object', properties: {} }}
                onChange={setParameters}
              />
              {error('parameters') && <p className="text-xs text-danger">{error('parameters')}</p>}
            </div>
            <FormField
              label={t('tools.form.headers')}
              hint={t('tools.form.headersHint', { arg: '{{args.name}}' })}
              error={error('headers')}
              className="sm:col-span-2"
            >
              <Textarea
                name="headers"
                rows={2}
                className="font-mono text-xs"
                defaultValue={headersToText(tool?.headers ?? {})}
              />
            </FormField>
            {method !== 'GET' && method !== 'DELETE' && (
              <FormField
                label={t('tools.form.body')}
                hint={t('tools.form.bodyHint', {
                  arg: '{{args.name}}',
                  example: '{"phone": {{args.phone}}}',
                })}
                error={error('body')}
                className="sm:col-span-2"
              >
                <Textarea
                  name="body"
                  rows={3}
                  className="font-mono text-xs"
                  defaultValue={tool?.body ?? ''}
                />
              </FormField>
            )}
            <FormField
              label={t('tools.form.mapping')}
              hint={t('tools.form.mappingHint')}
              error={error('responseMapping')}
              className="sm:col-span-2"
            >
              <Textarea
                name="responseMapping"
                rows={2}
                className="font-mono text-xs"
                defaultValue={mappingToText(tool?.responseMapping ?? {})}
              />
            </FormField>
            <FormField label={t('tools.form.timeoutMs')} error={error('timeoutMs')}>
              <Input name="timeoutMs" inputMode="numeric" defaultValue={String(tool?.timeoutMs ?? 10000)} />
            </FormField>
            <FormField
              label={t('tools.form.retries')}
              hint={t('tools.form.retriesHint')}
              error={error('retries')}
            >
              <Input name="retries" inputMode="numeric" defaultValue={String(tool?.retries ?? 0)} />
            </FormField>
            <FormField label={t('tools.form.auth')} error={error('auth')}>
              <Select
                value={authKind}
                onValueChange={setAuthKind}
                options={AUTH_KINDS.map((kind) => ({
                  value: kind,
                  label: t(`tools.form.authKinds.${kind}`),
                }))}
              />
            </FormField>
            {authKind === 'api_key' ? (
              <FormField label={t('tools.form.authHeader')}>
                <Input name="authHeader" defaultValue={tool?.auth.header ?? 'X-Api-Key'} autoComplete="off" />
              </FormField>
            ) : (
              <span />
            )}
            {authKind !== 'none' && (
              <FormField label={t('tools.form.secret')} className="sm:col-span-2">
                <Input
                  name="secret"
                  type="password"
                  autoComplete="new-password"
                  placeholder={tool?.auth.secretSet ? t('tools.form.secretKeep') : ''}
                />
              </FormField>
            )}
          </>
        );
      }}
    </ApiFormDialog>
  );
}
