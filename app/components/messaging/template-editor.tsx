import { useRevalidator } from '@remix-run/react';
import { useState } from 'react';
import { api } from '../api/api-client';
import { Button } from '../ui/button';
import { Card } from '../ui/card';
import { FormField } from '../ui/form-field';
import { Input } from '../ui/input';
import { Textarea } from '../ui/textarea';
import { nativeSelect, type ChannelItem, type TemplateItem } from './messaging-types';
import { SegmentCounter } from './segment-counter';
import { renderTemplate, sampleValues } from '~/lib/messaging/message-template';
import { useT } from '~/i18n';

/** The templates and an editor: the segment counter and the preview follow the text as it is typed. */
export function TemplateEditor({
  projectId,
  channels,
  templates,
}: {
  projectId: string;
  channels: ChannelItem[];
  templates: TemplateItem[];
}) {
  const t = useT();
  const revalidator = useRevalidator();
  const [body, setBody] = useState('');
  const [channelId, setChannelId] = useState(channels[0]?.id ?? '');
  // E-mail has a subject and no SMS segments.
  const email = (channels.find((c) => c.id === channelId) ?? channels[0])?.kind === 'smtp';
  const [error, setError] = useState<string>();
  const [saved, setSaved] = useState(false);
  const preview = renderTemplate(body, sampleValues(body, []));
  return (
    <Card className="space-y-4 p-5">
      <h2 className="text-base font-semibold">{t('messaging.templates')}</h2>
      {templates.length === 0 ? (
        <p className="text-sm text-fg-muted">{t('messaging.templatesEmpty')}</p>
      ) : (
        <ul className="space-y-1 text-sm" data-testid="template-list">
          {templates.map((tpl) => (
            <li key={tpl.id}>
              <span className="font-medium">{tpl.name}</span>{' '}
              <span className="text-fg-muted">
                ({tpl.language}) {tpl.body}
              </span>{' '}
              <span className="font-mono text-[12px] text-fg-muted">
                {t('messaging.idLabel', { id: tpl.id })}
              </span>
            </li>
          ))}
        </ul>
      )}
      <h3 className="text-sm font-semibold">{t('messaging.newTemplate')}</h3>
      <form
        className="grid gap-3 sm:grid-cols-3"
        onSubmit={(event) => {
          event.preventDefault();
          const form = event.currentTarget;
          const f = new FormData(form);
          void api(`/api/v1/projects/${projectId}/message-templates`, {
            method: 'POST',
            json: {
              channelId: f.get('channelId'),
              name: f.get('name'),
              language: f.get('language'),
              body,
              ...(email ? { subject: String(f.get('subject') ?? '') } : {}),
            },
          }).then((r) => {
            setError(r.ok ? undefined : r.error.message);
            setSaved(r.ok);
            if (r.ok) {
              form.reset();
              setBody('');
            }
            revalidator.revalidate();
          });
        }}
      >
        <FormField label={t('messaging.templateName')}>
          <Input name="name" required />
        </FormField>
        <FormField label={t('messaging.templateChannel')}>
          <select
            name="channelId"
            className={nativeSelect}
            value={channelId}
            onChange={(e) => setChannelId(e.target.value)}
          >
            {channels.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </FormField>
        <FormField label={t('messaging.language')}>
          <select name="language" className={nativeSelect} defaultValue="ru">
            <option value="ru">{t('agents.languages.ru')}</option>
            <option value="en">{t('agents.languages.en')}</option>
          </select>
        </FormField>
        {email && (
          <FormField className="sm:col-span-3" label={t('messaging.subject')}>
            <Input name="subject" maxLength={200} />
          </FormField>
        )}
        <FormField className="sm:col-span-3" label={t('messaging.body')} hint={t('messaging.bodyHint')}>
          <Textarea name="body" rows={4} value={body} onChange={(e) => setBody(e.target.value)} required />
        </FormField>
        <div className="space-y-1 sm:col-span-3">
          {!email && <SegmentCounter text={preview.ok ? preview.text : body} />}
          {body && (
            <p className="text-sm" data-testid="template-preview">
              <span className="text-fg-muted">{t('messaging.preview')}: </span>
              {preview.ok ? preview.text : body}
            </p>
          )}
        </div>
        <div className="sm:col-span-3">
          <Button type="submit" disabled={channels.length === 0}>
            {t('messaging.saveTemplate')}
          </Button>
        </div>
      </form>
      {error && (
        <p role="alert" className="text-sm text-danger">
          {error}
        </p>
      )}
      {saved && (
        <p role="status" className="text-sm text-fg-muted">
          {t('messaging.templateSaved')}
        </p>
      )}
    </Card>
  );
}
