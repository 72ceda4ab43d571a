import { useState } from 'react';
import { api } from '../api/api-client';
import { Button } from '../ui/button';
import { FormField } from '../ui/form-field';
import { Input } from '../ui/input';
import { nativeSelect, type ChannelItem } from './messaging-types';
import { useT } from '~/i18n';

type Kind = ChannelItem['kind'];
/** Kinds that connect to a server the user names (host, port, TLS, login) rather than an HTTP API key. */
const SERVER_KINDS: ReadonlySet<Kind> = new Set<Kind>(['smtp', 'smpp']);
const DEFAULT_PORT: Partial<Record<Kind, string>> = { smtp: '587', smpp: '2775' };

const text = (f: FormData, name: string) => String(f.get(name) ?? '').trim();

/** The limits the user set (empty fields are no limit, or the provider's own). */
function limitsOf(f: FormData): Record<string, number> {
  const rate = Number(text(f, 'ratePerSecond'));
  const cap = Number(text(f, 'perRecipientDaily'));
  return { ...(rate > 0 ? { ratePerSecond: rate } : {}), ...(cap > 0 ? { perRecipientDaily: cap } : {}) };
}

/** The settings the API wants for this kind, from the form's fields (empty ones left out). */
function settingsOf(kind: Kind, f: FormData): Record<string, string | number> {
  const from = text(f, 'from');
  if (!SERVER_KINDS.has(kind)) return { ...(from ? { from } : {}), ...limitsOf(f) };
  const user = text(f, 'user');
  const systemType = text(f, 'systemType');
  return {
    host: text(f, 'host'),
    port: Number(text(f, 'port')),
    tls: text(f, 'tls'),
    ...(from ? { from } : {}),
    ...(user ? { user } : {}),
    ...(systemType ? { systemType } : {}),
    ...limitsOf(f),
  };
}

/**
 * Adds a channel: an API key or bot token, or a server with its login (an SMTP server, an operator's SMSC over
 * SMPP). The secret is never shown again.
 */
export function NewChannelForm({
  projectId,
  onDone,
}: {
  projectId: string;
  onDone: (error?: string) => void;
}) {
  const t = useT();
  const [kind, setKind] = useState<Kind>('smsru');
  const [busy, setBusy] = useState(false);
  const server = SERVER_KINDS.has(kind);
  return (
    <form
      className="grid gap-3 sm:grid-cols-4"
      onSubmit={(event) => {
        event.preventDefault();
        const form = event.currentTarget;
        const f = new FormData(form);
        const secret = text(f, 'secret');
        setBusy(true);
        void api(`/api/v1/projects/${projectId}/messaging-channels`, {
          method: 'POST',
          json: { name: f.get('name'), kind, settings: settingsOf(kind, f), ...(secret ? { secret } : {}) },
        }).then((r) => {
          setBusy(false);
          if (r.ok) form.reset();
          onDone(r.ok ? undefined : r.error.message);
        });
      }}
    >
      <FormField label={t('messaging.channelName')}>
        <Input name="name" required />
      </FormField>
      <FormField label={t('messaging.channelKind')}>
        <select
          name="kind"
          className={nativeSelect}
          value={kind}
          onChange={(e) => setKind(e.target.value as Kind)}
        >
          <option value="smsru">{t('messaging.kindSmsru')}</option>
          <option value="smsc">{t('messaging.kindSmsc')}</option>
          <option value="smpp">{t('messaging.kindSmpp')}</option>
          <option value="telegram">{t('messaging.kindTelegram')}</option>
          <option value="smtp">{t('messaging.kindSmtp')}</option>
        </select>
      </FormField>
      {server ? (
        <>
          <FormField label={t(kind === 'smpp' ? 'messaging.smscHost' : 'messaging.host')}>
            <Input name="host" required />
          </FormField>
          <FormField label={t('messaging.port')}>
            <Input
              key={kind}
              name="port"
              type="number"
              min={1}
              max={65535}
              required
              defaultValue={DEFAULT_PORT[kind]}
            />
          </FormField>
          <FormField label={t('messaging.tls')}>
            <select
              key={kind}
              name="tls"
              className={nativeSelect}
              defaultValue={kind === 'smpp' ? 'none' : 'starttls'}
            >
              {kind === 'smtp' && <option value="starttls">{t('messaging.tlsStarttls')}</option>}
              <option value="implicit">
                {t(kind === 'smpp' ? 'messaging.tlsSmpp' : 'messaging.tlsImplicit')}
              </option>
              <option value="none">{t('messaging.tlsNone')}</option>
            </select>
          </FormField>
          <FormField label={t(kind === 'smpp' ? 'messaging.systemId' : 'messaging.user')}>
            <Input name="user" autoComplete="off" required={kind === 'smpp'} />
          </FormField>
          <FormField label={t('messaging.password')} hint={t('messaging.secretHint')}>
            <Input name="secret" type="password" autoComplete="new-password" required={kind === 'smpp'} />
          </FormField>
          {kind === 'smpp' ? (
            <>
              <FormField label={t('messaging.sourceAddress')}>
                <Input name="from" maxLength={20} />
              </FormField>
              <FormField label={t('messaging.systemType')}>
                <Input name="systemType" maxLength={12} />
              </FormField>
            </>
          ) : (
            <FormField label={t('messaging.fromAddress')}>
              <Input name="from" required />
            </FormField>
          )}
        </>
      ) : (
        <>
          <FormField label={t('messaging.secret')} hint={t('messaging.secretHint')}>
            <Input name="secret" type="password" autoComplete="off" required />
          </FormField>
          <FormField label={t('messaging.senderName')}>
            <Input name="from" maxLength={11} />
          </FormField>
        </>
      )}
      <FormField label={t('messaging.ratePerSecond')} hint={t('messaging.ratePerSecondHint')}>
        <Input name="ratePerSecond" type="number" min={1} max={10000} />
      </FormField>
      <FormField label={t('messaging.perRecipientDaily')} hint={t('messaging.perRecipientDailyHint')}>
        <Input name="perRecipientDaily" type="number" min={1} max={1000} />
      </FormField>
      <div className="sm:col-span-4">
        <Button type="submit" loading={busy}>
          {t('messaging.addChannel')}
        </Button>
      </div>
    </form>
  );
}
