/**
 * The consent ledger on the compliance screen (38-ФЗ advertising, 41-ФЗ): who agreed to be called, where and
 * under which text; a revoked consent stays listed as evidence of what was true before.
 */
import { useRevalidator } from '@remix-run/react';
import { useState } from 'react';
import { api, type ApiFailure } from '~/components/api/api-client';
import { ApiAlert } from '~/components/campaigns/api-alert';
import { Button } from '~/components/ui/button';
import { Card } from '~/components/ui/card';
import { ConfirmDialog } from '~/components/ui/confirm-dialog';
import { FormField } from '~/components/ui/form-field';
import { controlClasses, Input } from '~/components/ui/input';
import { Table, TableBody, TableCell, TableHead, TableHeaderCell, TableRow } from '~/components/ui/table';
import { useLocale, useT } from '~/i18n';

export interface ConsentRow {
  id: string;
  phone: string;
  channel: string;
  source: string;
  textVersion: string;
  grantedAt: string;
  revokedAt: string | null;
}

const CHANNELS = ['voice', 'sms', 'messenger', 'email'] as const;

export function ConsentsCard({
  projectId,
  consents,
  canManage,
}: {
  projectId: string;
  consents: ConsentRow[];
  canManage: boolean;
}) {
  const t = useT();
  const locale = useLocale();
  const { revalidate } = useRevalidator();
  const [phone, setPhone] = useState('');
  const [channel, setChannel] = useState<(typeof CHANNELS)[number]>('voice');
  const [source, setSource] = useState('');
  const [textVersion, setTextVersion] = useState('');
  const [failure, setFailure] = useState<ApiFailure | undefined>();
  const base = `/api/v1/projects/${projectId}/consents` as const;

  const add = async () => {
    const answer = await api(base, { method: 'POST', json: { phone, channel, source, textVersion } });
    if (!answer.ok) return setFailure(answer.error);
    setFailure(undefined);
    setPhone('');
    setSource('');
    setTextVersion('');
    revalidate();
  };
  const revoke = async (id: string) => {
    const answer = await api(`${base}/${id}`, { method: 'DELETE' });
    if (!answer.ok) return setFailure(answer.error);
    setFailure(undefined);
    revalidate();
  };
  const date = (iso: string) =>
    new Date(iso).toLocaleString(locale, { dateStyle: 'short', timeStyle: 'short' });

  return (
    <Card className="space-y-4 p-6" data-testid="consents">
      <h2 className="text-base font-semibold text-fg">{t('campaigns.consents.title')}</h2>
      <p className="text-sm text-fg-muted">{t('campaigns.consents.description')}</p>
      <ApiAlert failure={failure} />
      {canManage && (
        <div className="flex flex-wrap items-end gap-3">
          <FormField label={t('campaigns.consents.phone')}>
            <Input value={phone} onChange={(e) => setPhone(e.target.value)} data-testid="consent-phone" />
          </FormField>
          <FormField label={t('campaigns.consents.channel')}>
            <select
              className={controlClasses}
              value={channel}
              onChange={(e) => setChannel(e.target.value as (typeof CHANNELS)[number])}
            >
              {CHANNELS.map((c) => (
                <option key={c} value={c}>
                  {t(`campaigns.consents.channels.${c}`)}
                </option>
              ))}
            </select>
          </FormField>
          <FormField label={t('campaigns.consents.source')}>
            <Input
              value={source}
              placeholder={t('campaigns.consents.sourceHint')}
              onChange={(e) => setSource(e.target.value)}
              data-testid="consent-source"
            />
          </FormField>
          <FormField label={t('campaigns.consents.textVersion')}>
            <Input value={textVersion} onChange={(e) => setTextVersion(e.target.value)} />
          </FormField>
          <Button onClick={add} disabled={!phone.trim() || !source.trim()}>
            {t('campaigns.consents.add')}
          </Button>
        </div>
      )}
      {consents.length === 0 ? (
        <p className="text-sm text-fg-muted">{t('campaigns.consents.empty')}</p>
      ) : (
        <Table>
          <TableHead>
            <TableRow>
              <TableHeaderCell>{t('campaigns.consents.phone')}</TableHeaderCell>
              <TableHeaderCell>{t('campaigns.consents.channel')}</TableHeaderCell>
              <TableHeaderCell>{t('campaigns.consents.source')}</TableHeaderCell>
              <TableHeaderCell>{t('campaigns.consents.granted')}</TableHeaderCell>
              <TableHeaderCell />
            </TableRow>
          </TableHead>
          <TableBody>
            {consents.map((c) => (
              <TableRow key={c.id} data-testid={`consent-${c.phone}`}>
                <TableCell className="font-mono">{c.phone}</TableCell>
                <TableCell>{t(`campaigns.consents.channels.${c.channel as 'voice'}`)}</TableCell>
                <TableCell>
                  {c.source}
                  {c.textVersion && <span className="text-xs text-fg-muted"> · {c.textVersion}</span>}
                </TableCell>
                <TableCell className="text-xs text-fg-muted">
                  {date(c.grantedAt)}
                  {c.revokedAt && (
                    <span className="block text-danger">
                      {t('campaigns.consents.revokedAt', { date: date(c.revokedAt) })}
                    </span>
                  )}
                </TableCell>
                <TableCell>
                  {canManage && !c.revokedAt && (
                    <ConfirmDialog
                      title={t('campaigns.consents.revokeTitle', { phone: c.phone })}
                      trigger={
                        <Button variant="ghost" size="sm">
                          {t('campaigns.consents.revoke')}
                        </Button>
                      }
                      confirmLabel={t('campaigns.consents.revoke')}
                      onConfirm={() => void revoke(c.id)}
                    />
                  )}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </Card>
  );
}
