import { Link, useLoaderData, useRevalidator } from '@remix-run/react';
import { api } from '~/components/api/api-client';
import { formatDateTime } from '~/components/inbox/format';
import { CheckCircleIcon } from '~/components/icons';
import { Button } from '~/components/ui/button';
import { EmptyState } from '~/components/ui/empty-state';
import { useLocale, useT } from '~/i18n';
import { can } from '~/.server/access/permissions';
import { listActivities } from '~/.server/crm/activities.server';
import { activityListQuery } from '~/.server/crm/crm-inputs';
import { db } from '~/.server/db';
import { projectLoader } from '~/.server/http/project-route';

export const loader = projectLoader({ permission: 'crm.read' }, async ({ access }) => {
  // The server does not know the person's time zone: the screen's "today" is Moscow time, the first market.
  const page = await listActivities(
    access.projectId,
    activityListQuery.parse({ due: 'today', tzOffsetMinutes: 180, limit: 200 }),
  );
  const ids = [...new Set(page.activities.flatMap((a) => (a.contactId ? [a.contactId] : [])))];
  const contacts = await db().crmContact.findMany({
    where: { projectId: access.projectId, id: { in: ids } },
    select: { id: true, name: true, phones: true },
  });
  return {
    projectId: access.projectId,
    tasks: page.activities,
    contacts: Object.fromEntries(contacts.map((c) => [c.id, c.name || c.phones[0] || ''])),
    canEdit: can(access.role, 'crm.edit'),
  };
});

/** Open tasks due by the end of today, overdue first. */
export default function CrmTasks() {
  const { projectId, tasks, contacts, canEdit } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const revalidator = useRevalidator();
  const now = Date.now();
  if (tasks.length === 0)
    return <EmptyState icon={<CheckCircleIcon size={20} />} title={t('crm.tasks.empty')} text="" />;
  return (
    <div className="space-y-2" data-testid="crm-tasks">
      <h2 className="text-base font-semibold text-fg">{t('crm.tasks.title')}</h2>
      <ul className="space-y-2">
        {tasks.map((task) => (
          <li
            key={task.id}
            className="flex flex-wrap items-center justify-between gap-2 rounded-panel border border-border bg-surface p-3 text-sm shadow-card"
          >
            <div>
              <p className="font-medium text-fg">{task.title || task.body}</p>
              <p className="text-xs text-fg-muted">
                {task.dueAt && (
                  <span className={Date.parse(task.dueAt) < now ? 'text-danger' : ''}>
                    {Date.parse(task.dueAt) < now ? `${t('crm.tasks.overdue')} · ` : ''}
                    {formatDateTime(task.dueAt, locale)}
                  </span>
                )}
                {task.contactId && (
                  <>
                    {' · '}
                    <Link to={`/p/${projectId}/crm/contacts/${task.contactId}`} className="hover:underline">
                      {contacts[task.contactId] || t('crm.contacts.noName')}
                    </Link>
                  </>
                )}
              </p>
            </div>
            {canEdit && (
              <Button
                size="sm"
                variant="secondary"
                onClick={() =>
                  void api(`/api/v1/projects/${projectId}/crm/activities/${task.id}`, {
                    method: 'PATCH',
                    json: { done: true },
                  }).then(() => revalidator.revalidate())
                }
              >
                {t('crm.activity.markDone')}
              </Button>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
