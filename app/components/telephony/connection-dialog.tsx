import { useState, type ReactNode } from 'react';
import { api } from '~/components/api/api-client';
import { ApiFormDialog } from '~/components/api/api-form-dialog';
import { apiFieldMessages } from '~/components/api/api-failure-message';
import { Checkbox } from '~/components/ui/checkbox';
import { FormField } from '~/components/ui/form-field';
import { Input } from '~/components/ui/input';
import { Label } from '~/components/ui/label';
import { Select } from '~/components/ui/select';
import { usePick, useT } from '~/i18n';
import type { ConnectionItem, PresetItem } from './telephony-types';

interface Props {
  projectId: string;
  presets: PresetItem[];
  /** Editing this one; absent = adding. */
  connection?: ConnectionItem;
  trigger: ReactNode;
}

/** Add or edit a SIP connection; choosing a provider fills in what the preset knows. */
export function ConnectionDialog({ projectId, presets, connection, trigger }: Props) {
  const t = useT();
  const pickText = usePick();
  const [provider, setProvider] = useState(connection?.provider ?? presets[0]?.id ?? 'generic');
  const [host, setHost] = useState(connection?.host ?? presets[0]?.host ?? '');
  const [port, setPort] = useState(String(connection?.port ?? 5060));
  const [transport, setTransport] = useState<string>(connection?.transport ?? 'udp');
  const [authMode, setAuthMode] = useState<string>(connection?.authMode ?? 'registration');
  const [codecs, setCodecs] = useState<string[]>(connection?.codecs ?? ['PCMA', 'PCMU']);
  const [format, setFormat] = useState<string>(connection?.callerIdRules.format ?? 'e164');
  const [enabled, setEnabled] = useState(connection?.enabled ?? true);
  const preset = presets.find((p) => p.id === provider);

  const choosePreset = (id: string) => {
    setProvider(id);
    const next = presets.find((p) => p.id === id);
    if (!next) return;
    setHost(next.host);
    setPort(String(next.port));
    setTransport(next.transport);
    setAuthMode(next.authMode);
  };

  const submit = (form: FormData) => {
    const text = (name: string) => String(form.get(name) ?? '').trim();
    const password = String(form.get('password') ?? '');
    const body = {
      name: text('name'),
      provider,
      host: host.trim(),
      port: Number(port),
      transport,
      authMode,
      username: text('username'),
      authUsername: text('authUsername'),
      ...(password ? { password } : {}),
      outboundProxy: text('outboundProxy'),
      codecs,
      callerIdRules: { defaultCallerId: text('defaultCallerId'), format },
      maxConcurrentCalls: Number(text('maxConcurrentCalls') || '0'),
      enabled,
    };
    const base = `/api/v1/projects/${projectId}/sip-connections` as const;
    return connection
      ? api(`${base}/${connection.id}`, { method: 'PATCH', json: body })
      : api(base, { method: 'POST', json: body });
  };

  const formId = connection ? `connection-form-${connection.id}` : 'connection-form';
  return (
    <ApiFormDialog
      formId={formId}
      trigger={trigger}
      size="lg"
      title={
        connection ? t('telephony.form.editTitle', { name: connection.name }) : t('telephony.form.addTitle')
      }
      submitLabel={connection ? t('telephony.form.save') : t('telephony.form.create')}
      submit={submit}
      formClassName="grid gap-4 sm:grid-cols-2"
    >
      {(failure) => {
        const error = apiFieldMessages(t, failure, 'telephony');
        return (
          <>
            {failure && Object.keys(failure.fields).length === 0 ? (
              <p className="text-sm text-danger sm:col-span-2" role="alert">
                {t('telephony.requestFailed')}
              </p>
            ) : null}
            <FormField label={t('telephony.form.name')} error={error('name')}>
              <Input
                name="name"
                defaultValue={connection?.name ?? ''}
                placeholder={t('telephony.form.namePlaceholder')}
              />
            </FormField>
            <FormField label={t('telephony.form.provider')}>
              <Select
                value={provider}
                onValueChange={choosePreset}
                options={presets.map((p) => ({ value: p.id, label: p.label }))}
              />
            </FormField>
            <FormField
              label={t('telephony.form.host')}
              hint={preset ? pickText(preset.hostHint) : undefined}
              error={error('host')}
              className="sm:col-span-2"
            >
              <Input name="host" value={host} onChange={(e) => setHost(e.target.value)} autoComplete="off" />
            </FormField>
            <FormField label={t('telephony.form.port')} error={error('port')}>
              <Input name="port" value={port} onChange={(e) => setPort(e.target.value)} inputMode="numeric" />
            </FormField>
            <FormField label={t('telephony.form.transport')}>
              <Select
                value={transport}
                onValueChange={setTransport}
                options={[
                  { value: 'udp', label: 'UDP' },
                  { value: 'tcp', label: 'TCP' },
                ]}
              />
            </FormField>
            <FormField label={t('telephony.form.authMode')} className="sm:col-span-2">
              <Select
                value={authMode}
                onValueChange={setAuthMode}
                options={[
                  { value: 'registration', label: t('telephony.form.authRegistration') },
                  { value: 'ip', label: t('telephony.form.authIp') },
                ]}
              />
            </FormField>
            {authMode === 'registration' ? (
              <>
                <FormField label={t('telephony.form.username')} error={error('username')}>
                  <Input name="username" defaultValue={connection?.username ?? ''} autoComplete="off" />
                </FormField>
                <FormField
                  label={t('telephony.form.password')}
                  error={error('password')}
                  hint={connection?.password ? t('telephony.form.passwordKeep') : undefined}
                >
                  <Input name="password" type="password" autoComplete="new-password" />
                </FormField>
              </>
            ) : null}
            <details className="sm:col-span-2">
              <summary className="cursor-pointer text-sm font-medium text-fg">
                {t('telephony.form.advanced')}
              </summary>
              <div className="mt-4 grid gap-4 sm:grid-cols-2">
                {authMode === 'registration' ? (
                  <FormField
                    label={t('telephony.form.authUsername')}
                    hint={t('telephony.form.authUsernameHint')}
                    error={error('authUsername')}
                  >
                    <Input
                      name="authUsername"
                      defaultValue={connection?.authUsername ?? ''}
                      autoComplete="off"
                    />
                  </FormField>
                ) : null}
                <FormField
                  label={t('telephony.form.outboundProxy')}
                  hint={t('telephony.form.outboundProxyHint')}
                  error={error('outboundProxy')}
                >
                  <Input
                    name="outboundProxy"
                    defaultValue={connection?.outboundProxy ?? ''}
                    autoComplete="off"
                  />
                </FormField>
                <fieldset className="space-y-2">
                  <legend className="text-sm font-medium text-fg">{t('telephony.form.codecs')}</legend>
                  {['PCMA', 'PCMU'].map((codec) => (
                    <div key={codec} className="flex items-center gap-2">
                      <Checkbox
                        id={`${formId}-${codec}`}
                        checked={codecs.includes(codec)}
                        onCheckedChange={(on) =>
                          setCodecs((list) => (on ? [...list, codec] : list.filter((c) => c !== codec)))
                        }
                      />
                      <Label htmlFor={`${formId}-${codec}`}>{codec}</Label>
                    </div>
                  ))}
                  {error('codecs') ? <p className="text-[13px] text-danger">{error('codecs')}</p> : null}
                </fieldset>
                <FormField label={t('telephony.form.callerId')} hint={t('telephony.form.callerIdHint')}>
                  <Input
                    name="defaultCallerId"
                    defaultValue={connection?.callerIdRules.defaultCallerId ?? ''}
                  />
                </FormField>
                <FormField label={t('telephony.form.callerIdFormat')}>
                  <Select
                    value={format}
                    onValueChange={setFormat}
                    options={[
                      { value: 'e164', label: t('telephony.form.formatE164') },
                      { value: 'digits', label: t('telephony.form.formatDigits') },
                      { value: 'national8', label: t('telephony.form.formatNational8') },
                    ]}
                  />
                </FormField>
                <FormField label={t('telephony.form.maxCalls')} hint={t('telephony.form.maxCallsHint')}>
                  <Input
                    name="maxConcurrentCalls"
                    defaultValue={String(connection?.maxConcurrentCalls ?? 0)}
                    inputMode="numeric"
                  />
                </FormField>
                <div className="flex items-center gap-2">
                  <Checkbox
                    id={`${formId}-enabled`}
                    checked={enabled}
                    onCheckedChange={(on) => setEnabled(on === true)}
                  />
                  <Label htmlFor={`${formId}-enabled`}>{t('telephony.form.enabled')}</Label>
                </div>
              </div>
            </details>
          </>
        );
      }}
    </ApiFormDialog>
  );
}
