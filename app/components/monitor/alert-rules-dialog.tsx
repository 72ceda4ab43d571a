import { api } from '../api/api-client';
import { ApiFormDialog } from '../api/api-form-dialog';
import { Button } from '../ui/button';
import { Checkbox } from '../ui/checkbox';
import { FormField } from '../ui/form-field';
import { Input } from '../ui/input';
import { Label } from '../ui/label';
import { Textarea } from '../ui/textarea';
import { useT } from '~/i18n';

export interface AlertSettingsView {
  rules: {
    silenceSeconds: number | null;
    repeatedFallbacks: number | null;
    keywords: readonly string[];
    waitingSeconds: number | null;
  };
  sound: boolean;
}

const numberOrNull = (value: FormDataEntryValue | null) => {
  const text = String(value ?? '').trim();
  return text === '' ? null : Number(text);
};

/** The project's alert rules (PUT /monitor); an empty threshold switches its rule off. */
/** The sentence with `{name}` shown as code: an event's name is an identifier, the same in every language. */
function withCode(sentence: string, name: string, code: string) {
  const [before, after] = sentence.split(`{${name}}`);
  return (
    <>
      {before}
      <code>{code}</code>
      {after}
    </>
  );
}

export function AlertRulesDialog({
  projectId,
  settings,
}: {
  projectId: string;
  settings: AlertSettingsView;
}) {
  const t = useT();
  const error = (fields: Record<string, string[]> | undefined, name: string) =>
    fields?.[`rules.${name}`]?.[0] ?? fields?.[name]?.[0];
  return (
    <ApiFormDialog
      formId="alert-rules"
      title={t('monitor.alerts.title')}
      description={withCode(t('monitor.alerts.description', { event: '{event}' }), 'event', 'call.alert')}
      trigger={<Button variant="secondary">{t('monitor.alerts.open')}</Button>}
      submitLabel={t('monitor.alerts.save')}
      formClassName="space-y-4"
      submit={(form) =>
        api(`/api/v1/projects/${projectId}/monitor`, {
          method: 'PUT',
          json: {
            rules: {
              silenceSeconds: numberOrNull(form.get('silenceSeconds')),
              repeatedFallbacks: numberOrNull(form.get('repeatedFallbacks')),
              waitingSeconds: numberOrNull(form.get('waitingSeconds')),
              keywords: String(form.get('keywords') ?? '')
                .split('\n')
                .map((w) => w.trim())
                .filter(Boolean),
            },
            sound: form.get('sound') === 'on',
          },
        })
      }
    >
      {(failure) => (
        <>
          {(['silenceSeconds', 'repeatedFallbacks', 'waitingSeconds'] as const).map((name) => (
            <FormField
              key={name}
              label={t(`monitor.alerts.${name}`)}
              hint={t('monitor.alerts.offHint')}
              error={error(failure?.fields, name)}
            >
              <Input
                name={name}
                type="number"
                inputMode="numeric"
                defaultValue={settings.rules[name] ?? ''}
              />
            </FormField>
          ))}
          <FormField label={t('monitor.alerts.keywords')} error={error(failure?.fields, 'keywords')}>
            <Textarea name="keywords" rows={5} defaultValue={settings.rules.keywords.join('\n')} />
          </FormField>
          <div className="flex items-center gap-2">
            <Checkbox id="alert-sound" name="sound" defaultChecked={settings.sound} />
            <Label htmlFor="alert-sound">{t('monitor.alerts.sound')}</Label>
          </div>
        </>
      )}
    </ApiFormDialog>
  );
}
