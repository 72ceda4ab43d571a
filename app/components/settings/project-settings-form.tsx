import { useRevalidator } from '@remix-run/react';
import { useMemo, useState } from 'react';
import { api } from '~/components/api/api-client';
import { Button } from '~/components/ui/button';
import { Card } from '~/components/ui/card';
import { FormField } from '~/components/ui/form-field';
import { Input } from '~/components/ui/input';
import { useToast } from '~/components/ui/use-toast';
import { useT } from '~/i18n';

interface Props {
  project: { id: string; name: string; timeZone: string; defaultLanguage: 'ru' | 'en' | null };
}

const fallbackZones = [
  'Europe/Moscow',
  'Europe/Kaliningrad',
  'Asia/Yekaterinburg',
  'Asia/Novosibirsk',
  'UTC',
];

/** Name, time zone and default language of the project, saved together. */
export function ProjectSettingsForm({ project }: Props) {
  const t = useT();
  const { toast } = useToast();
  const revalidator = useRevalidator();
  const [name, setName] = useState(project.name);
  const [timeZone, setTimeZone] = useState(project.timeZone);
  const [language, setLanguage] = useState(project.defaultLanguage);
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [saving, setSaving] = useState(false);
  const zones = useMemo(() => {
    const all =
      typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : fallbackZones;
    return all.includes(project.timeZone) ? all : [project.timeZone, ...all];
  }, [project.timeZone]);

  const save = async () => {
    setSaving(true);
    const answer = await api(`/api/v1/projects/${project.id}/settings`, {
      method: 'PATCH',
      json: { name, timeZone, defaultLanguage: language },
    });
    setSaving(false);
    if (!answer.ok) {
      setErrors(answer.error.fields);
      return toast({ title: answer.error.message, variant: 'error' });
    }
    setErrors({});
    toast({ title: t('newUser.settings.saved'), variant: 'success' });
    revalidator.revalidate();
  };

  return (
    <Card className="p-5">
      <form
        className="grid max-w-xl gap-4"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <FormField label={t('settings.name')} error={errors.name?.[0]}>
          <Input
            value={name}
            onChange={(e) => setName(e.target.value)}
            maxLength={100}
            data-testid="project-name"
          />
        </FormField>
        <FormField
          label={t('newUser.settings.timeZone')}
          hint={t('newUser.settings.timeZoneHint')}
          error={errors.timeZone?.[0]}
        >
          <select
            value={timeZone}
            onChange={(e) => setTimeZone(e.target.value)}
            className="h-9 rounded-control border border-border bg-surface px-2 text-sm"
          >
            {zones.map((zone) => (
              <option key={zone} value={zone}>
                {zone.replace(/_/g, ' ')}
              </option>
            ))}
          </select>
        </FormField>
        <FormField
          label={t('newUser.settings.defaultLanguage')}
          hint={t('newUser.settings.defaultLanguageHint')}
        >
          <select
            value={language ?? ''}
            onChange={(e) =>
              setLanguage(e.target.value === 'en' ? 'en' : e.target.value === 'ru' ? 'ru' : null)
            }
            className="h-9 rounded-control border border-border bg-surface px-2 text-sm"
          >
            <option value="">{t('newUser.settings.followPerson')}</option>
            <option value="ru">{t('language.ru')}</option>
            <option value="en">{t('language.en')}</option>
          </select>
        </FormField>
        <p className="text-xs text-fg-subtle">
          {t('settings.id')}: <span className="font-mono">{project.id}</span>
        </p>
        <div>
          <Button type="submit" loading={saving}>
            {t('common.save')}
          </Button>
        </div>
      </form>
    </Card>
  );
}
