import type { MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { PlusIcon, WaveformIcon } from '~/components/icons';
import { ProviderCard } from '~/components/providers/provider-card';
import { ProviderDialog } from '~/components/providers/provider-dialog';
import type { ProviderItem } from '~/components/providers/provider-types';
import { Button } from '~/components/ui/button';
import { EmptyState } from '~/components/ui/empty-state';
import { PageHeader } from '~/components/ui/page-header';
import { useT } from '~/i18n';
import { en } from '~/i18n/en';
import { translatorFromMatches } from '~/i18n/meta';
import { can } from '~/.server/access/permissions';
import { projectLoader } from '~/.server/http/project-route';
import { listProviders } from '~/.server/provider-accounts/provider-accounts.server';

export const meta: MetaFunction = ({ matches }) => [
  { title: translatorFromMatches(matches, en)('providers.metaTitle') },
];

/** Builders see the accounts (to choose among them in the studio); owners and admins add and test them. */
export const loader = projectLoader({ permission: 'agents.edit' }, async ({ access }) => ({
  projectId: access.projectId,
  canManage: can(access.role, 'credentials.manage'),
  providers: await listProviders(access.projectId),
}));

export default function ProvidersPage() {
  const data = useLoaderData<typeof loader>();
  const t = useT();
  const providers = data.providers as unknown as ProviderItem[];
  const { projectId, canManage } = data;
  const add = (
    <ProviderDialog
      projectId={projectId}
      trigger={
        <Button>
          <PlusIcon /> {t('providers.add')}
        </Button>
      }
    />
  );
  return (
    <div className="space-y-8">
      <div className="space-y-2">
        <Link to={`/p/${projectId}/settings`} className="text-sm text-fg-muted hover:text-fg">
          ← {t('providers.back')}
        </Link>
        <PageHeader
          title={t('providers.title')}
          description={canManage ? t('providers.description') : t('providers.readOnly')}
          actions={canManage && providers.length > 0 ? add : null}
        />
      </div>
      {providers.length === 0 ? (
        <EmptyState
          icon={<WaveformIcon size={20} />}
          title={t('providers.emptyTitle')}
          text={canManage ? t('providers.emptyText') : t('providers.readOnly')}
          action={canManage ? add : undefined}
        />
      ) : (
        <div className="grid gap-4 lg:grid-cols-2">
          {providers.map((p) => (
            <ProviderCard key={p.id} projectId={projectId} provider={p} canManage={canManage} />
          ))}
        </div>
      )}
    </div>
  );
}
