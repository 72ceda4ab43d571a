import { useRevalidator } from '@remix-run/react';
import { useState } from 'react';
import { z } from 'zod';
import { api } from '../api/api-client';
import { Button } from '../ui/button';
import { Card } from '../ui/card';
import { FormField } from '../ui/form-field';
import { Input } from '../ui/input';
import type { ChannelItem } from './messaging-types';
import { NewChannelForm } from './new-channel-form';
import { useT } from '~/i18n';

const inboundAnswer = z.object({ url: z.string(), registered: z.boolean() });

const KIND_WORDS = {
  smsru: 'messaging.kindSmsru',
  smsc: 'messaging.kindSmsc',
  smpp: 'messaging.kindSmpp',
  telegram: 'messaging.kindTelegram',
  smtp: 'messaging.kindSmtp',
} as const satisfies Record<ChannelItem['kind'], string>;

/** Kinds whose provider can call us back with replies (STOP) and delivery reports. */
const INBOUND_KINDS: ReadonlySet<ChannelItem['kind']> = new Set(['smsru', 'telegram'] as const);

/** The project's channels: add one (its secret goes to the server and is never shown again) and send a test. */
export function ChannelsPanel({ projectId, channels }: { projectId: string; channels: ChannelItem[] }) {
  const t = useT();
  const revalidator = useRevalidator();
  const [error, setError] = useState<string>();
  const [notice, setNotice] = useState<string>();
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
              {INBOUND_KINDS.has(c.kind) && (
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
      <NewChannelForm
        projectId={projectId}
        onDone={(failure) => {
          setError(failure);
          revalidator.revalidate();
        }}
      />
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
