import type { MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { useState } from 'react';
import { api, type ApiFailure } from '~/components/api/api-client';
import { ApiAlert } from '~/components/campaigns/api-alert';
import { CallsChart } from '~/components/campaigns/calls-chart';
import {
  campaignSchema,
  contactPageSchema,
  CONTACT_STATUSES,
  statsSchema,
  type CampaignItem,
  type CampaignStats,
  type ContactItem,
} from '~/components/campaigns/campaign-types';
import { ContactsStep } from '~/components/campaigns/contacts-step';
import { CampaignStatusBadge } from '~/components/campaigns/status-badge';
import { usePolling } from '~/components/campaigns/use-polling';
import { Button, buttonClasses } from '~/components/ui/button';
import { Card } from '~/components/ui/card';
import { ConfirmDialog } from '~/components/ui/confirm-dialog';
import { Dialog } from '~/components/ui/dialog';
import { PageHeader } from '~/components/ui/page-header';
import { Table, TableBody, TableCell, TableHead, TableHeaderCell, TableRow } from '~/components/ui/table';
import { cn } from '~/components/ui/cn';
import { useLocale, useT } from '~/i18n';
import { en } from '~/i18n/en';
import { translatorFromMatches } from '~/i18n/meta';
import { can } from '~/.server/access/permissions';
import { getCampaign } from '~/.server/campaigns/campaigns.server';
import { MISSING } from '~/.server/http/missing';
import { projectLoader } from '~/.server/http/project-route';

export const meta: MetaFunction = ({ matches }) => [
  { title: translatorFromMatches(matches, en)('campaigns.metaTitle') },
];

export const loader = projectLoader(
  { permission: 'campaigns.read', ids: { campaignId: MISSING.campaign } },
  async ({ access, ids }) => ({
    projectId: access.projectId,
    canManage: can(access.role, 'campaigns.manage'),
    canSeeCalls: can(access.role, 'calls.read'),
    canSeeCrm: can(access.role, 'crm.read'),
    campaign: await getCampaign(access.projectId, ids.campaignId),
  }),
);

type Filter = (typeof CONTACT_STATUSES)[number] | 'all';

export default function CampaignPage() {
  const data = useLoaderData<typeof loader>();
  const { projectId, canManage, canSeeCalls, canSeeCrm } = data;
  const t = useT();
  const locale = useLocale();
  const [campaign, setCampaign] = useState<CampaignItem>(data.campaign as unknown as CampaignItem);
  const [stats, setStats] = useState<CampaignStats | null>(null);
  const [filter, setFilter] = useState<Filter>('all');
  const [contacts, setContacts] = useState<ContactItem[]>([]);
  const [total, setTotal] = useState(0);
  const [limit, setLimit] = useState(50);
  const [failure, setFailure] = useState<ApiFailure | undefined>();
  const [adding, setAdding] = useState(false);
  const base = `/api/v1/projects/${projectId}/campaigns/${campaign.id}` as const;

  usePolling(
    async () => {
      const query = new URLSearchParams({
        limit: String(limit),
        ...(filter === 'all' ? {} : { status: filter }),
      });
      const [c, s, list] = await Promise.all([
        api(base, { schema: campaignSchema }),
        api(`${base}/stats`, { schema: statsSchema }),
        api(`${base}/contacts`, { query, schema: contactPageSchema }),
      ]);
      if (c.ok) setCampaign(c.data);
      if (s.ok) setStats(s.data);
      if (list.ok) {
        setContacts(list.data.contacts);
        setTotal(list.data.total);
      }
    },
    3000,
    [filter, limit],
  );

  const move = async (action: 'start' | 'pause' | 'resume' | 'cancel') => {
    const answer = await api(`${base}/${action}`, { method: 'POST', schema: campaignSchema });
    if (!answer.ok) return setFailure(answer.error);
    setFailure(undefined);
    setCampaign(answer.data);
  };

  const counts = stats?.counts ?? campaign.counts;
  const counter = (label: string, value: number, testId: string) => (
    <Card className="p-4">
      <p className="text-xs text-fg-muted">{label}</p>
      <p className="text-2xl font-semibold text-fg" data-testid={testId}>
        {value}
      </p>
    </Card>
  );
  const when = (iso: string | null) =>
    iso ? new Date(iso).toLocaleString(locale, { dateStyle: 'short', timeStyle: 'short' }) : '—';

  return (
    <div className="space-y-6">
      <PageHeader
        title={campaign.name}
        description={<CampaignStatusBadge status={campaign.status} />}
        actions={
          <div className="flex flex-wrap gap-2">
            {canManage && campaign.status === 'draft' && (
              <Button onClick={() => move('start')}>{t('campaigns.live.start')}</Button>
            )}
            {canManage && campaign.status === 'running' && (
              <Button variant="secondary" onClick={() => move('pause')}>
                {t('campaigns.live.pause')}
              </Button>
            )}
            {canManage && campaign.status === 'paused' && (
              <Button onClick={() => move('resume')}>{t('campaigns.live.resume')}</Button>
            )}
            {canManage && ['draft', 'running', 'paused'].includes(campaign.status) && (
              <Dialog
                open={adding}
                onOpenChange={setAdding}
                trigger={<Button variant="secondary">{t('campaigns.live.addContacts')}</Button>}
                title={t('campaigns.live.addContacts')}
              >
                <ContactsStep projectId={projectId} campaignId={campaign.id} onAdded={() => undefined} />
              </Dialog>
            )}
            <a
              href={`${base}/contacts.csv`}
              download
              className={buttonClasses({ variant: 'secondary' })}
              data-testid="export-csv"
            >
              {t('campaigns.live.export')}
            </a>
            {canManage && ['draft', 'running', 'paused'].includes(campaign.status) && (
              <ConfirmDialog
                title={t('campaigns.live.cancelTitle', { name: campaign.name })}
                description={t('campaigns.live.cancelText')}
                trigger={<Button variant="ghost">{t('campaigns.live.cancel')}</Button>}
                confirmLabel={t('campaigns.live.cancel')}
                onConfirm={() => void move('cancel')}
              />
            )}
          </div>
        }
      />
      <ApiAlert failure={failure} />
      <div className="grid grid-cols-2 gap-3 sm:grid-cols-6">
        {counter(t('campaigns.live.counters.total'), counts.total, 'count-total')}
        {counter(t('campaigns.live.counters.live'), stats?.live ?? 0, 'count-live')}
        {counter(t('campaigns.live.counters.completed'), counts.completed, 'count-completed')}
        {counter(t('campaigns.live.counters.pending'), counts.pending, 'count-pending')}
        {counter(t('campaigns.live.counters.failed'), counts.failed, 'count-failed')}
        {counter(t('campaigns.live.counters.dnc'), counts.dnc, 'count-dnc')}
      </div>
      <Card className="space-y-3 p-5">
        <h2 className="text-sm font-semibold text-fg">{t('campaigns.live.chart')}</h2>
        {stats && <CallsChart stats={stats} />}
        {stats && Object.keys(stats.refusals).length > 0 && (
          <p className="text-xs text-fg-muted">
            {t('campaigns.live.refusals')}:{' '}
            {Object.entries(stats.refusals)
              .map(([r, n]) => `${t(`campaigns.live.refusal.${r as 'dnc'}`)} ${n}`)
              .join(' · ')}
          </p>
        )}
      </Card>
      <section className="space-y-3">
        <div className="flex flex-wrap items-center gap-2">
          <h2 className="mr-2 text-sm font-semibold text-fg">
            {t('campaigns.live.contacts')} ({total})
          </h2>
          {(['all', ...CONTACT_STATUSES] as const).map((s) => (
            <button
              key={s}
              type="button"
              onClick={() => setFilter(s)}
              aria-pressed={filter === s}
              className={cn(
                'rounded-full px-3 py-1 text-xs',
                filter === s
                  ? 'bg-brand text-brand-fg'
                  : 'bg-surface-muted text-fg-muted hover:bg-surface-hover',
              )}
            >
              {t(`campaigns.contactStatus.${s}`)}
            </button>
          ))}
        </div>
        <Table data-testid="contacts-table">
          <TableHead>
            <TableRow>
              <TableHeaderCell>{t('campaigns.live.phone')}</TableHeaderCell>
              <TableHeaderCell>{t('campaigns.live.name')}</TableHeaderCell>
              <TableHeaderCell>{t('campaigns.columns.status')}</TableHeaderCell>
              <TableHeaderCell>{t('campaigns.live.attempts')}</TableHeaderCell>
              <TableHeaderCell>{t('campaigns.live.next')}</TableHeaderCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {contacts.map((c) => (
              <TableRow key={c.id}>
                <TableCell className="font-mono">{c.phone}</TableCell>
                <TableCell>
                  {canSeeCrm && c.crmContactId ? (
                    <Link
                      to={`/p/${projectId}/crm/contacts/${c.crmContactId}`}
                      className="text-brand hover:underline"
                      title={t('campaigns.live.openContact')}
                      data-testid="campaign-contact-crm-link"
                    >
                      {c.name || t('campaigns.live.openContact')}
                    </Link>
                  ) : (
                    c.name
                  )}
                </TableCell>
                <TableCell>{t(`campaigns.contactStatus.${c.status}`)}</TableCell>
                <TableCell>
                  <ul className="space-y-0.5 text-xs">
                    {c.attempts.map((a) => (
                      <li key={a.id}>
                        {canSeeCalls && a.callId ? (
                          <Link
                            to={`/p/${projectId}/inbox/${a.callId}`}
                            className="text-brand hover:underline"
                          >
                            {t('campaigns.live.openCall', { number: a.number })}
                          </Link>
                        ) : (
                          <span>{t('campaigns.live.openCall', { number: a.number })}</span>
                        )}{' '}
                        ·{' '}
                        {a.outcome
                          ? t(`campaigns.outcome.${a.outcome as 'busy'}`)
                          : t('campaigns.outcome.live')}
                        {a.sipCode && a.sipCode !== 200 ? ` (${a.sipCode})` : ''} · {when(a.dialedAt)}
                      </li>
                    ))}
                  </ul>
                </TableCell>
                <TableCell className="text-xs text-fg-muted">
                  {c.status === 'pending' ? when(c.nextAttemptAt) : '—'}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
        {total > contacts.length && (
          <Button variant="secondary" onClick={() => setLimit((l) => Math.min(500, l + 100))}>
            {t('campaigns.live.more')}
          </Button>
        )}
      </section>
    </div>
  );
}
