import type { MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { CampaignProgress, CampaignStatusBadge } from '~/components/campaigns/status-badge';
import { PlusIcon, WaveformIcon } from '~/components/icons';
import { buttonClasses } from '~/components/ui/button';
import { EmptyState } from '~/components/ui/empty-state';
import { PageHeader } from '~/components/ui/page-header';
import { Table, TableBody, TableCell, TableHead, TableHeaderCell, TableRow } from '~/components/ui/table';
import { useLocale, useT } from '~/i18n';
import { en } from '~/i18n/en';
import { translatorFromMatches } from '~/i18n/meta';
import { can } from '~/.server/access/permissions';
import { listCampaigns } from '~/.server/campaigns/campaigns.server';
import { projectLoader } from '~/.server/http/project-route';

export const meta: MetaFunction = ({ matches }) => [
  { title: translatorFromMatches(matches, en)('campaigns.metaTitle') },
];

export const loader = projectLoader({ permission: 'campaigns.read' }, async ({ access }) => ({
  projectId: access.projectId,
  canManage: can(access.role, 'campaigns.manage'),
  campaigns: await listCampaigns(access.projectId),
}));

export default function CampaignsPage() {
  const { projectId, canManage, campaigns } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const base = `/p/${projectId}/campaigns`;
  return (
    <div className="space-y-8">
      <PageHeader
        title={t('campaigns.title')}
        description={t('campaigns.description')}
        actions={
          <div className="flex gap-2">
            <Link to={`${base}/compliance`} className={buttonClasses({ variant: 'secondary' })}>
              {t('campaigns.compliance')}
            </Link>
            {canManage && (
              <Link to={`${base}/new`} className={buttonClasses()}>
                <PlusIcon /> {t('campaigns.create')}
              </Link>
            )}
          </div>
        }
      />
      {campaigns.length === 0 ? (
        <EmptyState
          icon={<WaveformIcon size={20} />}
          title={t('campaigns.empty')}
          text={t('campaigns.emptyText')}
        />
      ) : (
        <Table>
          <TableHead>
            <TableRow>
              <TableHeaderCell>{t('campaigns.columns.name')}</TableHeaderCell>
              <TableHeaderCell>{t('campaigns.columns.status')}</TableHeaderCell>
              <TableHeaderCell>{t('campaigns.columns.progress')}</TableHeaderCell>
              <TableHeaderCell>{t('campaigns.columns.created')}</TableHeaderCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {campaigns.map((c) => (
              <TableRow key={c.id}>
                <TableCell>
                  <Link to={`${base}/${c.id}`} className="font-medium text-fg hover:underline">
                    {c.name}
                  </Link>
                </TableCell>
                <TableCell>
                  <CampaignStatusBadge status={c.status} />
                </TableCell>
                <TableCell>
                  <CampaignProgress counts={c.counts} />
                </TableCell>
                <TableCell className="text-fg-muted">
                  {new Date(c.createdAt).toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'short' })}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </div>
  );
}
