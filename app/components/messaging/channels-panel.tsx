import { useRevalidator } from '@remix-run/react';
import { useState } from 'react';
import { z } from 'zod';
import { api } from '../api/api-client';
import { Button } from '../ui/button';
import { Card } from '../ui/card';
import { FormField } from '../ui/form-field';
import { Input } from '../ui/input';
import { nativeSelect, type ChannelItem } from './messaging-types';
import { useT } from '~/i18n';

const inboundAnswer = z.object({ url: z.string(), registered: z.boolean() });

const KIND_WORDS = {
  smsru: 'messaging.kindSmsru',
  smsc: 'messaging.kindSmsc',
  telegram: 'messaging.kindTelegram',
} as const satisfies Record<ChannelItem['kind'], string>;

/** The project's channels: add one (its secret goes to the server and is never shown again) and send a test. */
export function ChannelsPanel({ projectId, channels }: { projectId: string; channels: ChannelItem[] }) {
  const t = useT();
  const revalidator = useRevalidator();
  const [error, setError] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const [busy, setBusy] = useState(false);
  return (
    <Card className="space-y-4 p-5">
      <h2 className="text-base font-semibold">{t('messaging.channels')}</h2>
      {channels.length === 0 ? (
        <p className="text-sm text-fg-muted">{t('messaging.channelsEmpty')}</p>
      ) : (
        <ul className="space-y-3">
          {channels.map((c) => (
            <li key={c.id} className="flex flex-wrap items-end gap-3" data-testid="channel-row">
              <div className="min-w-40">
                <p className="font-medium">{c.name}</p>
                <p className="text-[13px] text-fg-muted">{t(KIND_WORDS[c.kind])}</p>
                {/* For the API (the Send message block picks channels from a list). */}
                <p className="font-mono text-[12px] text-fg-muted" data-testid="channel-id">
                  {t('messaging.idLabel', { id: c.id })}
                </p>
              </div>
              <form
                className="flex items-end gap-2"
                onSubmit={(event) => {
                  event.preventDefault();
                  const to = String(new FormData(event.currentTarget).get('to') ?? '');
                  void api(`/api/v1/projects/${projectId}/messaging-channels/${c.id}/test-message`, {
                    method: 'POST',
                    json: { to },
                  }).then((r) => {
                    setError(r.ok ? undefined : r.error.message);
                    setNotice(r.ok ? t('messaging.testQueued') : undefined);
                    revalidator.revalidate();
                  });
                }}
              >
                <FormField label={t('messaging.testTo')}>
                  <Input name="to" required />
                </FormField>
                <Button type="submit" variant="secondary">
                  {t('messaging.sendTest')}
                </Button>
              </form>
              {c.kind !== 'smsc' && (
                <Button
                  type="button"
                  variant="secondary"
                  onClick={() => {
                    // The address holds a secret: it is shown this once (a new one replaces it).
                    void api(`/api/v1/projects/${projectId}/messaging-channels/${c.id}/inbound-url`, {
                      method: 'POST',
                      schema: inboundAnswer,
                    }).then((r) => {
                      setError(r.ok ? undefined : r.error.message);
                      setNotice(
                        r.ok
                          ? t(r.data.registered ? 'messaging.repliesRegistered' : 'messaging.repliesManual', {
                              url: r.data.url,
                            })
                          : undefined,
                      );
                    });
                  }}
                >
                  {t('messaging.connectReplies')}
                </Button>
              )}
            </li>
          ))}
        </ul>
      )}
      <form
        className="grid gap-3 sm:grid-cols-4"
        onSubmit={(event) => {
          event.preventDefault();
          const form = event.currentTarget;
          const f = new FormData(form);
          const from = String(f.get('from') ?? '').trim();
          setBusy(true);
          void api(`/api/v1/projects/${projectId}/messaging-channels`, {
            method: 'POST',
            json: {
              name: f.get('name'),
              kind: f.get('kind'),
              secret: f.get('secret'),
              settings: from ? { from } : {},
            },
          }).then((r) => {
            setBusy(false);
            setError(r.ok ? undefined : r.error.message);
            if (r.ok) form.reset();
            revalidator.revalidate();
          });
        }}
      >
        <FormField label={t('messaging.channelName')}>
          <Input name="name" required />
        </FormField>
        <FormField label={t('messaging.channelKind')}>
          <select name="kind" className={nativeSelect} defaultValue="smsru">
            <option value="smsru">{t('messaging.kindSmsru')}</option>
            <option value="smsc">{t('messaging.kindSmsc')}</option>
            <option value="telegram">{t('messaging.kindTelegram')}</option>
          </select>
        </FormField>
        <FormField label={t('messaging.secret')} hint={t('messaging.secretHint')}>
          <Input name="secret" type="password" autoComplete="off" required />
        </FormField>
        <FormField label={t('messaging.senderName')}>
          <Input name="from" maxLength={11} />
        </FormField>
        <div className="sm:col-span-4">
          <Button type="submit" loading={busy}>
            {t('messaging.addChannel')}
          </Button>
        </div>
      </form>
      {error && (
        <p role="alert" className="text-sm text-danger">
          {error}
        </p>
      )}
      {notice && (
        <p role="status" className="text-sm text-fg-muted">
          {notice}
        </p>
      )}
    </Card>
  );
}
