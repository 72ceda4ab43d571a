import type { MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { PlusIcon, UserIcon } from '~/components/icons';
import { QueueDialog } from '~/components/queues/queue-dialog';
import type { QueueItem } from '~/components/queues/queue-types';
import { QueuesTable } from '~/components/queues/queues-table';
import { Button } from '~/components/ui/button';
import { EmptyState } from '~/components/ui/empty-state';
import { PageHeader } from '~/components/ui/page-header';
import { useT } from '~/i18n';
import { en } from '~/i18n/en';
import { translatorFromMatches } from '~/i18n/meta';
import { can } from '~/.server/access/permissions';
import { db } from '~/.server/db';
import { listQueues, queueBlockChoices } from '~/.server/handoffs/queues.server';
import { projectLoader } from '~/.server/http/project-route';

export const meta: MetaFunction = ({ matches }) => [
  { title: translatorFromMatches(matches, en)('queues.metaTitle') },
];

/** Whoever sees the telephony screen sees the queues; owners and admins (telephony.manage) change them. */
export const loader = projectLoader({ permission: 'telephony.read' }, async ({ access }) => {
  const [queues, blocks, project] = await Promise.all([
    listQueues(access.projectId),
    queueBlockChoices(access.projectId),
    db().project.findUniqueOrThrow({ where: { id: access.projectId }, select: { timeZone: true } }),
  ]);
  return {
    projectId: access.projectId,
    canManage: can(access.role, 'telephony.manage'),
    timeZone: project.timeZone,
    queues,
    blocks,
  };
});

export default function QueuesPage() {
  const data = useLoaderData<typeof loader>();
  const t = useT();
  const queues = data.queues as QueueItem[];
  const { projectId, canManage, timeZone, blocks } = data;
  const addButton = (size?: 'sm') => (
    <QueueDialog
      projectId={projectId}
      timeZone={timeZone}
      blocks={blocks}
      queues={queues}
      trigger={
        <Button size={size}>
          <PlusIcon /> {t('queues.add')}
        </Button>
      }
    />
  );
  return (
    <div className="space-y-6">
      <PageHeader
        title={t('queues.title')}
        description={canManage ? t('queues.description') : t('queues.readOnly')}
        actions={canManage && queues.length > 0 ? addButton('sm') : null}
      />
      {queues.length === 0 ? (
        <EmptyState
          icon={<UserIcon size={20} />}
          title={t('queues.emptyTitle')}
          text={t('queues.emptyText')}
          action={canManage ? addButton() : undefined}
        />
      ) : (
        <QueuesTable
          projectId={projectId}
          timeZone={timeZone}
          queues={queues}
          blocks={blocks}
          canManage={canManage}
        />
      )}
    </div>
  );
}
