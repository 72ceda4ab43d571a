import type { MetaFunction } from '@remix-run/node';
import { NavLink, Outlet, useLoaderData } from '@remix-run/react';
import { cn } from '~/components/ui/cn';
import { PageHeader } from '~/components/ui/page-header';
import { useT } from '~/i18n';
import { en } from '~/i18n/en';
import { translatorFromMatches } from '~/i18n/meta';
import { can } from '~/.server/access/permissions';
import { projectLoader } from '~/.server/http/project-route';

export const meta: MetaFunction = ({ matches }) => [
  { title: translatorFromMatches(matches, en)('crm.metaTitle') },
];

export const loader = projectLoader({ permission: 'crm.read' }, ({ access }) => ({
  projectId: access.projectId,
  canEdit: can(access.role, 'crm.edit'),
}));

/** The CRM's frame: contacts, the deals board, today's tasks and (for editors) fields and stages. */
export default function CrmLayout() {
  const { projectId, canEdit } = useLoaderData<typeof loader>();
  const t = useT();
  const base = `/p/${projectId}/crm`;
  const tabs = [
    { to: base, label: t('crm.tabs.contacts'), end: true },
    { to: `${base}/deals`, label: t('crm.tabs.deals') },
    { to: `${base}/tasks`, label: t('crm.tabs.tasks') },
    ...(canEdit ? [{ to: `${base}/settings`, label: t('crm.tabs.settings') }] : []),
  ];
  return (
    <div className="space-y-4">
      <PageHeader title={t('crm.title')} description={t('crm.description')} />
      <nav
        className="flex items-center gap-1 overflow-x-auto border-b border-border"
        aria-label={t('crm.title')}
      >
        {tabs.map((tab) => (
          <NavLink
            key={tab.to}
            to={tab.to}
            end={tab.end ?? false}
            className={({ isActive }) =>
              cn(
                '-mb-px inline-flex h-9 items-center border-b-2 px-3 text-sm font-medium whitespace-nowrap',
                isActive ? 'border-brand text-fg' : 'border-transparent text-fg-muted hover:text-fg',
              )
            }
          >
            {tab.label}
          </NavLink>
        ))}
      </nav>
      {!canEdit && <p className="text-sm text-fg-muted">{t('crm.readOnly')}</p>}
      <Outlet />
    </div>
  );
}
