import { Form, Link, useSearchParams } from '@remix-run/react';
import { Button } from '../ui/button';
import { Card } from '../ui/card';
import { Input } from '../ui/input';
import { Table, TableBody, TableCell, TableHead, TableHeaderCell, TableRow } from '../ui/table';
import { nativeSelect, type ChannelItem, type MessageItem } from './messaging-types';
import { useLocale, useT } from '~/i18n';

const STATUSES = ['queued', 'sending', 'sent', 'delivered', 'failed', 'refused', 'review'] as const;

/** The message log with its filters (a GET form: the filters live in the address and survive a reload). */
export function MessageLog({
  projectId,
  channels,
  messages,
}: {
  projectId: string;
  channels: ChannelItem[];
  messages: MessageItem[];
}) {
  const t = useT();
  const locale = useLocale();
  const [params] = useSearchParams();
  const when = (iso: string) => new Date(iso).toLocaleString(locale);
  return (
    <Card className="space-y-4 p-5">
      <h2 className="text-base font-semibold">{t('messaging.log')}</h2>
      <Form method="get" className="flex flex-wrap items-end gap-3">
        <label className="space-y-1 text-sm">
          <span>{t('messaging.filterChannel')}</span>
          <select name="channelId" className={nativeSelect} defaultValue={params.get('channelId') ?? ''}>
            <option value="">{t('messaging.all')}</option>
            {channels.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
        <label className="space-y-1 text-sm">
          <span>{t('messaging.filterStatus')}</span>
          <select name="status" className={nativeSelect} defaultValue={params.get('status') ?? ''}>
            <option value="">{t('messaging.all')}</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`messaging.status.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="space-y-1 text-sm">
          <span>{t('messaging.filterTo')}</span>
          <Input name="to" defaultValue={params.get('to') ?? ''} />
        </label>
        <Button type="submit" variant="secondary">
          {t('messaging.apply')}
        </Button>
      </Form>
      {messages.length === 0 ? (
        <p className="text-sm text-fg-muted">{t('messaging.logEmpty')}</p>
      ) : (
        <Table>
          <TableHead>
            <TableRow>
              <TableHeaderCell>{t('messaging.colTime')}</TableHeaderCell>
              <TableHeaderCell>{t('messaging.colTo')}</TableHeaderCell>
              <TableHeaderCell>{t('messaging.colText')}</TableHeaderCell>
              <TableHeaderCell>{t('messaging.colStatus')}</TableHeaderCell>
              <TableHeaderCell>{t('messaging.colReason')}</TableHeaderCell>
              <TableHeaderCell>{t('messaging.colLink')}</TableHeaderCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {messages.map((m) => (
              <TableRow key={m.id} data-testid="message-row" data-status={m.status}>
                <TableCell className="whitespace-nowrap">{when(m.queuedAt)}</TableCell>
                <TableCell>{m.to}</TableCell>
                <TableCell className="max-w-md">{m.text}</TableCell>
                <TableCell>{t(`messaging.status.${m.status}`)}</TableCell>
                <TableCell className="text-fg-muted">
                  {m.reason}
                  {m.deferredUntil && m.status === 'queued'
                    ? ` (${t('messaging.deferred', { at: when(m.deferredUntil) })})`
                    : ''}
                </TableCell>
                <TableCell>
                  {m.callId && <Link to={`/p/${projectId}/inbox/${m.callId}`}>{t('messaging.call')}</Link>}
                  {m.campaignId && (
                    <Link to={`/p/${projectId}/campaigns/${m.campaignId}`}>{t('messaging.campaign')}</Link>
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
