import { api } from '~/components/api/api-client';
import { apiFieldMessages } from '~/components/api/api-failure-message';
import { useApiForm } from '~/components/api/use-api-form';
import { Button } from '~/components/ui/button';
import { Card } from '~/components/ui/card';
import { FormField } from '~/components/ui/form-field';
import { Input } from '~/components/ui/input';
import { Textarea } from '~/components/ui/textarea';
import { useToast } from '~/components/ui/use-toast';
import { useT } from '~/i18n';
import type { ToolSettingsItem } from './tool-types';

/** The project's allowed private hosts and the clock's zone; owners and admins change them. */
export function ToolSettingsForm({
  projectId,
  settings,
  canManage,
}: {
  projectId: string;
  settings: ToolSettingsItem;
  canManage: boolean;
}) {
  const t = useT();
  const { toast } = useToast();
  const form = useApiForm({
    onSuccess: () => toast({ title: t('tools.settings.saved'), variant: 'success' }),
  });
  const error = apiFieldMessages(t, form.failure, 'tools');
  return (
    <Card className="space-y-4 p-5">
      <h2 className="text-sm font-semibold text-fg">{t('tools.settings.title')}</h2>
      <form
        className="grid gap-4 sm:grid-cols-2"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          const fields = new FormData(event.currentTarget);
          const allowHosts = String(fields.get('allowHosts') ?? '')
            .split(/[\s,]+/)
            .map((host) => host.trim())
            .filter(Boolean);
          const timeZone = String(fields.get('timeZone') ?? '').trim();
          void form.run(() =>
            api(`/api/v1/projects/${projectId}/tool-settings`, {
              method: 'PUT',
              json: { allowHosts, timeZone },
            }),
          );
        }}
      >
        <FormField
          label={t('tools.settings.allowHosts')}
          hint={t('tools.settings.allowHostsHint')}
          error={error('allowHosts')}
        >
          <Textarea
            name="allowHosts"
            rows={3}
            className="font-mono text-xs"
            defaultValue={settings.allowHosts.join('\n')}
            disabled={!canManage}
          />
        </FormField>
        <FormField
          label={t('tools.settings.timeZone')}
          hint={t('tools.settings.timeZoneHint')}
          error={error('timeZone')}
        >
          <Input name="timeZone" defaultValue={settings.timeZone} disabled={!canManage} autoComplete="off" />
        </FormField>
        <div className="sm:col-span-2">
          {canManage ? (
            <Button type="submit" variant="secondary" loading={form.busy}>
              {t('tools.settings.save')}
            </Button>
          ) : (
            <p className="text-xs text-fg-muted">{t('tools.settings.readOnly')}</p>
          )}
        </div>
      </form>
    </Card>
  );
}
