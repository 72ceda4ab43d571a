import type { MetaFunction } from '@remix-run/node';
import { useLoaderData, useRevalidator, useSearchParams } from '@remix-run/react';
import { useState, type FormEvent } from 'react';
import { api } from '~/components/api/api-client';
import { Button } from '~/components/ui/button';
import { Card } from '~/components/ui/card';
import { ConfirmDialog } from '~/components/ui/confirm-dialog';
import { FormField } from '~/components/ui/form-field';
import { Input } from '~/components/ui/input';
import { PageHeader } from '~/components/ui/page-header';
import { Table, TableBody, TableCell, TableHead, TableHeaderCell, TableRow } from '~/components/ui/table';
import { useLocale, useT } from '~/i18n';
import { formatDateTime } from '~/components/inbox/format';
import { en } from '~/i18n/en';
import { translatorFromMatches } from '~/i18n/meta';
import { can } from '~/.server/access/permissions';
import { projectLoader } from '~/.server/http/project-route';
import {
  bitrix24Authorize,
  bitrix24OAuthStart,
  integrationDetail,
  integrationTestResult,
  type IntegrationLogView,
  type IntegrationView,
} from '~/lib/integrations/integration-input';
import { listIntegrations } from '~/.server/integrations/integrations.server';
import { bitrix24RedirectUri } from '~/.server/integrations/bitrix24-oauth-flow.server';
import { amoCrmRedirectUri } from '~/.server/integrations/amocrm-oauth-flow.server';
import { googleRedirectUri } from '~/.server/integrations/google-calendar-oauth-flow.server';

type OAuthWords = 'Denied' | 'BadState' | 'WrongPortal' | 'ExchangeFailed';
/** The callback's reasons (`?oauthError=`) in words. */
const oauthErrorWords: Partial<Record<string, OAuthWords>> = {
  denied: 'Denied',
  bad_state: 'BadState',
  wrong_portal: 'WrongPortal',
  exchange_failed: 'ExchangeFailed',
};
/** The same reasons for each CRM (`?provider=`): Bitrix24's words, or amoCRM's. */
const oauthKeys = {
  bitrix24: {
    Denied: 'integrations.oauthDenied',
    BadState: 'integrations.oauthBadState',
    WrongPortal: 'integrations.oauthWrongPortal',
    ExchangeFailed: 'integrations.oauthExchangeFailed',
    Connected: 'integrations.oauthConnected',
  },
  amocrm: {
    Denied: 'integrations.amoDenied',
    BadState: 'integrations.amoBadState',
    WrongPortal: 'integrations.amoWrongAccount',
    ExchangeFailed: 'integrations.amoExchangeFailed',
    Connected: 'integrations.amoConnected',
  },
  google: {
    Denied: 'integrations.googleDenied',
    BadState: 'integrations.googleBadState',
    WrongPortal: 'integrations.googleBadState',
    ExchangeFailed: 'integrations.googleExchangeFailed',
    Connected: 'integrations.googleConnected',
  },
} as const;

export const meta: MetaFunction = ({ matches }) => [
  { title: translatorFromMatches(matches, en)('integrations.metaTitle') },
];

export const loader = projectLoader({ permission: 'crm.read' }, async ({ access }) => ({
  projectId: access.projectId,
  canManage: can(access.role, 'credentials.manage'),
  integrations: await listIntegrations(access.projectId),
  redirectUri: bitrix24RedirectUri(access.projectId),
  amoCrmRedirectUri: amoCrmRedirectUri(access.projectId),
  googleRedirectUri: googleRedirectUri(access.projectId),
}));

/**
 * The Integrations screen: connect Bitrix24 with its OAuth application (the browser goes to the portal and
 * back) or by webhook, test it, see its health and its request log.
 */
export default function IntegrationsPage() {
  const { projectId, canManage, integrations, redirectUri, amoCrmRedirectUri, googleRedirectUri } =
    useLoaderData<typeof loader>();
  const [search] = useSearchParams();
  const provider = search.get('provider');
  const words = oauthKeys[provider === 'amocrm' || provider === 'google' ? provider : 'bitrix24'];
  const oauthReason = oauthErrorWords[search.get('oauthError') ?? ''];
  const oauthError = oauthReason ? words[oauthReason] : undefined;
  const justConnected = search.get('connected');
  const t = useT();
  const locale = useLocale();
  const { revalidate } = useRevalidator();
  const base = `/api/v1/projects/${projectId}/integrations` as const;
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [tested, setTested] = useState<Record<string, string>>({});
  const [log, setLog] = useState<{ id: string; name: string; rows: IntegrationLogView[] } | null>(null);

  const openLog = async (c: IntegrationView) => {
    const r = await api(`${base}/${c.id}`, { schema: integrationDetail });
    if (r.ok) setLog({ id: c.id, name: c.name, rows: r.data.log });
  };
  const connect = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setBusy(true);
    const r = await api(base, {
      method: 'POST',
      json: { provider: 'bitrix24', name: form.get('name'), webhookUrl: form.get('webhookUrl') },
    });
    setBusy(false);
    if (!r.ok) {
      setError(r.error.fields.webhookUrl ? t('integrations.refused') : r.error.message);
      return;
    }
    setError(null);
    (e.target as HTMLFormElement).reset();
    revalidate();
  };
  const test = async (c: IntegrationView) => {
    const r = await api(`${base}/${c.id}/test`, { method: 'POST', schema: integrationTestResult });
    setTested((m) => ({
      ...m,
      [c.id]: r.ok
        ? r.data.ok
          ? t('integrations.testOk')
          : t('integrations.testFailed', { error: r.data.error ?? '' })
        : r.error.message,
    }));
    revalidate();
    if (log?.id === c.id || r.ok) await openLog(c);
  };
  const [oauthFormError, setOAuthFormError] = useState<string | null>(null);
  const connectOAuth = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setBusy(true);
    const r = await api(`${base}/bitrix24-oauth`, {
      method: 'POST',
      schema: bitrix24OAuthStart,
      json: {
        name: form.get('name'),
        portalUrl: form.get('portalUrl'),
        clientId: form.get('clientId'),
        clientSecret: form.get('clientSecret'),
      },
    });
    if (!r.ok) {
      setBusy(false);
      setOAuthFormError(r.error.fields.portalUrl ? t('integrations.oauthRefused') : r.error.message);
      return;
    }
    // To the portal's consent screen; it sends the browser back to the callback.
    window.location.assign(r.data.authorizeUrl);
  };
  const [amoFormError, setAmoFormError] = useState<string | null>(null);
  const connectAmoCrm = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setBusy(true);
    const r = await api(`${base}/amocrm-oauth`, {
      method: 'POST',
      schema: bitrix24OAuthStart,
      json: {
        name: form.get('name'),
        accountUrl: form.get('accountUrl'),
        clientId: form.get('clientId'),
        clientSecret: form.get('clientSecret'),
      },
    });
    if (!r.ok) {
      setBusy(false);
      setAmoFormError(r.error.fields.accountUrl ? t('integrations.amoRefused') : r.error.message);
      return;
    }
    // To amoCRM's consent screen; it sends the browser back to the callback.
    window.location.assign(r.data.authorizeUrl);
  };
  const [googleFormError, setGoogleFormError] = useState<string | null>(null);
  const connectGoogle = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setBusy(true);
    const r = await api(`${base}/google-calendar-oauth`, {
      method: 'POST',
      schema: bitrix24OAuthStart,
      json: {
        name: form.get('name'),
        clientId: form.get('clientId'),
        clientSecret: form.get('clientSecret'),
      },
    });
    if (!r.ok) {
      setBusy(false);
      setGoogleFormError(r.error.message);
      return;
    }
    // To Google's consent screen; it sends the browser back to the callback.
    window.location.assign(r.data.authorizeUrl);
  };
  const authorize = async (c: IntegrationView) => {
    const r = await api(`${base}/${c.id}/authorize`, { method: 'POST', schema: bitrix24Authorize });
    if (r.ok) window.location.assign(r.data.authorizeUrl);
    else setTested((m) => ({ ...m, [c.id]: r.error.message }));
  };
  const disconnect = async (c: IntegrationView) => {
    await api(`${base}/${c.id}`, { method: 'DELETE' });
    if (log?.id === c.id) setLog(null);
    revalidate();
  };

  return (
    <div className="space-y-8">
      <PageHeader title={t('integrations.title')} description={t('integrations.description')} />
      {!canManage && <p className="text-sm text-fg-muted">{t('integrations.readOnly')}</p>}
      {oauthError && (
        <p role="alert" className="text-sm text-danger">
          {t(oauthError)}
        </p>
      )}
      {justConnected && !oauthError && (
        <p role="status" className="text-sm">
          {t(words.Connected)}
        </p>
      )}
      {integrations.length === 0 ? (
        <p className="text-sm text-fg-muted">{t('integrations.empty')}</p>
      ) : (
        <ul className="space-y-3" aria-label={t('integrations.title')}>
          {integrations.map((c) => (
            <li key={c.id}>
              <Card className="flex flex-wrap items-center justify-between gap-3 p-4" data-integration={c.id}>
                <div className="space-y-1">
                  <p className="font-medium">
                    {c.provider === 'amocrm'
                      ? t('integrations.amocrm')
                      : c.provider === 'google_calendar'
                        ? t('integrations.google')
                        : t('integrations.bitrix24')}{' '}
                    · {c.name}{' '}
                    <span className="text-fg-muted">
                      ({c.portal},{' '}
                      {c.authMode === 'oauth' ? t('integrations.viaOAuth') : t('integrations.viaWebhook')})
                    </span>
                  </p>
                  <p className="text-xs" data-health={c.health.status}>
                    {c.health.status === 'connected'
                      ? t('integrations.connected')
                      : c.health.status === 'pending'
                        ? c.provider === 'amocrm'
                          ? t('integrations.amoPending')
                          : c.provider === 'google_calendar'
                            ? t('integrations.googlePending')
                            : t('integrations.pending')
                        : c.health.status === 'failing'
                          ? t('integrations.failing', {
                              since: formatDateTime(c.health.failingSince ?? c.createdAt, locale),
                            })
                          : t('integrations.untested')}
                    {c.health.lastError && (
                      <span className="ml-2 text-danger">
                        {t('integrations.lastError', { error: c.health.lastError })}
                      </span>
                    )}
                  </p>
                  {tested[c.id] && (
                    <p role="status" className="text-xs">
                      {tested[c.id]}
                    </p>
                  )}
                </div>
                <div className="flex gap-2">
                  <Button variant="secondary" onClick={() => void openLog(c)}>
                    {t('integrations.showLog')}
                  </Button>
                  {canManage && (
                    <>
                      {c.authMode === 'oauth' && (
                        <Button variant="secondary" onClick={() => void authorize(c)}>
                          {c.provider === 'amocrm'
                            ? t('integrations.amoAuthorize')
                            : c.provider === 'google_calendar'
                              ? t('integrations.googleAuthorize')
                              : t('integrations.authorize')}
                        </Button>
                      )}
                      <Button variant="secondary" onClick={() => void test(c)}>
                        {t('integrations.test')}
                      </Button>
                      <ConfirmDialog
                        title={t('integrations.disconnect')}
                        description={t('integrations.disconnectConfirm', { name: c.name })}
                        trigger={<Button variant="danger">{t('integrations.disconnect')}</Button>}
                        confirmLabel={t('integrations.disconnect')}
                        onConfirm={() => void disconnect(c)}
                      />
                    </>
                  )}
                </div>
              </Card>
            </li>
          ))}
        </ul>
      )}
      {log && (
        <section className="space-y-2" aria-label={t('integrations.logTitle', { name: log.name })}>
          <h2 className="text-sm font-semibold">{t('integrations.logTitle', { name: log.name })}</h2>
          {log.rows.length === 0 ? (
            <p className="text-sm text-fg-muted">{t('integrations.logEmpty')}</p>
          ) : (
            <Table>
              <TableHead>
                <TableRow>
                  <TableHeaderCell>{t('integrations.time')}</TableHeaderCell>
                  <TableHeaderCell>{t('integrations.method')}</TableHeaderCell>
                  <TableHeaderCell>{t('integrations.status')}</TableHeaderCell>
                  <TableHeaderCell>{t('integrations.duration')}</TableHeaderCell>
                  <TableHeaderCell>{t('integrations.error')}</TableHeaderCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {log.rows.map((r) => (
                  <TableRow key={r.id}>
                    <TableCell>{new Date(r.at).toLocaleTimeString(locale)}</TableCell>
                    <TableCell className="font-mono">{r.method}</TableCell>
                    <TableCell>{r.status}</TableCell>
                    <TableCell>{r.durationMs}</TableCell>
                    <TableCell className="text-danger">{r.error ?? ''}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
        </section>
      )}
      {canManage && (
        <Card className="max-w-xl p-4">
          <form className="space-y-3" onSubmit={(e) => void connectOAuth(e)}>
            <h2 className="text-sm font-semibold">{t('integrations.oauthTitle')}</h2>
            <p className="text-xs text-fg-muted">{t('integrations.oauthHint')}</p>
            <FormField label={t('integrations.redirectUri')} id="oauth-redirect">
              <Input id="oauth-redirect" readOnly value={redirectUri} className="font-mono" />
            </FormField>
            <FormField label={t('integrations.connectionName')} id="oauth-name">
              <Input id="oauth-name" name="name" required defaultValue="Bitrix24" />
            </FormField>
            <FormField
              label={t('integrations.portalUrl')}
              id="oauth-portal"
              error={oauthFormError ?? undefined}
            >
              <Input
                id="oauth-portal"
                name="portalUrl"
                required
                autoComplete="off"
                placeholder="https://example.bitrix24.ru"
              />
            </FormField>
            <FormField label={t('integrations.clientId')} id="oauth-client-id">
              <Input id="oauth-client-id" name="clientId" required autoComplete="off" />
            </FormField>
            <FormField label={t('integrations.clientSecret')} id="oauth-client-secret">
              <Input
                id="oauth-client-secret"
                name="clientSecret"
                type="password"
                required
                autoComplete="new-password"
              />
            </FormField>
            <Button type="submit" disabled={busy}>
              {t('integrations.oauthConnect')}
            </Button>
          </form>
        </Card>
      )}
      {canManage && (
        <Card className="max-w-xl p-4">
          <form className="space-y-3" onSubmit={(e) => void connectAmoCrm(e)}>
            <h2 className="text-sm font-semibold">{t('integrations.amoTitle')}</h2>
            <p className="text-xs text-fg-muted">{t('integrations.amoHint')}</p>
            <FormField label={t('integrations.amoRedirectUri')} id="amo-redirect">
              <Input id="amo-redirect" readOnly value={amoCrmRedirectUri} className="font-mono" />
            </FormField>
            <FormField label={t('integrations.amoName')} id="amo-name">
              <Input id="amo-name" name="name" required defaultValue="amoCRM" />
            </FormField>
            <FormField
              label={t('integrations.amoAccountUrl')}
              id="amo-account"
              error={amoFormError ?? undefined}
            >
              <Input
                id="amo-account"
                name="accountUrl"
                required
                autoComplete="off"
                placeholder="https://example.amocrm.ru"
              />
            </FormField>
            <FormField label={t('integrations.amoClientId')} id="amo-client-id">
              <Input id="amo-client-id" name="clientId" required autoComplete="off" />
            </FormField>
            <FormField label={t('integrations.amoClientSecret')} id="amo-client-secret">
              <Input
                id="amo-client-secret"
                name="clientSecret"
                type="password"
                required
                autoComplete="new-password"
              />
            </FormField>
            <Button type="submit" disabled={busy}>
              {t('integrations.amoConnect')}
            </Button>
          </form>
        </Card>
      )}
      {canManage && (
        <Card className="max-w-xl p-4">
          <form className="space-y-3" onSubmit={(e) => void connectGoogle(e)}>
            <h2 className="text-sm font-semibold">{t('integrations.googleTitle')}</h2>
            <p className="text-xs text-fg-muted">{t('integrations.googleHint')}</p>
            <FormField label={t('integrations.googleRedirectUri')} id="google-redirect">
              <Input id="google-redirect" readOnly value={googleRedirectUri} className="font-mono" />
            </FormField>
            <FormField
              label={t('integrations.googleName')}
              id="google-name"
              error={googleFormError ?? undefined}
            >
              <Input id="google-name" name="name" required defaultValue="Google Calendar" />
            </FormField>
            <FormField label={t('integrations.googleClientId')} id="google-client-id">
              <Input id="google-client-id" name="clientId" required autoComplete="off" />
            </FormField>
            <FormField label={t('integrations.googleClientSecret')} id="google-client-secret">
              <Input
                id="google-client-secret"
                name="clientSecret"
                type="password"
                required
                autoComplete="new-password"
              />
            </FormField>
            <Button type="submit" disabled={busy}>
              {t('integrations.googleConnect')}
            </Button>
          </form>
        </Card>
      )}
      {canManage && (
        <Card className="max-w-xl p-4">
          <form className="space-y-3" onSubmit={(e) => void connect(e)}>
            <h2 className="text-sm font-semibold">{t('integrations.connectTitle')}</h2>
            <p className="text-xs text-fg-muted">{t('integrations.connectHint')}</p>
            <FormField label={t('integrations.name')} id="integration-name">
              <Input id="integration-name" name="name" required defaultValue="Bitrix24" />
            </FormField>
            <FormField label={t('integrations.webhookUrl')} id="integration-url" error={error ?? undefined}>
              <Input
                id="integration-url"
                name="webhookUrl"
                required
                autoComplete="off"
                placeholder="https://example.bitrix24.ru/rest/1/xxxxxxxx/"
              />
            </FormField>
            <Button type="submit" disabled={busy}>
              {t('integrations.connect')}
            </Button>
          </form>
        </Card>
      )}
    </div>
  );
}
