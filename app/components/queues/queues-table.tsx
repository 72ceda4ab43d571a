import { useRevalidator } from '@remix-run/react';
import { api } from '~/components/api/api-client';
import { Button } from '~/components/ui/button';
import { ConfirmDialog } from '~/components/ui/confirm-dialog';
import { useToast } from '~/components/ui/use-toast';
import { Table, TableBody, TableCell, TableHead, TableHeaderCell, TableRow } from '~/components/ui/table';
import { useT } from '~/i18n';
import { QueueDialog } from './queue-dialog';
import type { QueueItem } from './queue-types';

interface Props {
  projectId: string;
  timeZone: string;
  queues: QueueItem[];
  blocks: { id: string; label: string }[];
  canManage: boolean;
}

/** The project's queues: skills, wait rules, the after-wait action, hours and who waits now. */
export function QueuesTable({ projectId, timeZone, queues, blocks, canManage }: Props) {
  const t = useT();
  const revalidator = useRevalidator();
  const { toast } = useToast();
  const remove = async (q: QueueItem) => {
    const answer = await api(`/api/v1/projects/${projectId}/queues/${q.id}`, { method: 'DELETE' });
    revalidator.revalidate();
    if (!answer.ok) return toast({ title: answer.error.message, variant: 'error' });
    toast({ title: t('queues.removed', { name: q.name }), variant: 'success' });
  };
  return (
    <div className="overflow-x-auto rounded-panel border border-border bg-surface shadow-card">
      <Table>
        <TableHead>
          <TableRow>
            <TableHeaderCell>{t('queues.colName')}</TableHeaderCell>
            <TableHeaderCell>{t('queues.colSkills')}</TableHeaderCell>
            <TableHeaderCell>{t('queues.colWait')}</TableHeaderCell>
            <TableHeaderCell>{t('queues.colAfter')}</TableHeaderCell>
            <TableHeaderCell>{t('queues.colHours')}</TableHeaderCell>
            <TableHeaderCell>{t('queues.colWaiting')}</TableHeaderCell>
            {canManage ? (
              <TableHeaderCell>
                <span className="sr-only">{t('queues.edit')}</span>
              </TableHeaderCell>
            ) : null}
          </TableRow>
        </TableHead>
        <TableBody>
          {queues.map((q) => {
            const skills = [...q.languages, ...q.topics];
            return (
              <TableRow key={q.id} data-testid={`queue-${q.name}`}>
                <TableCell className="font-medium text-fg">{q.name}</TableCell>
                <TableCell className="text-fg-muted">
                  {skills.length > 0 ? skills.join(', ') : t('queues.anySkills')}
                </TableCell>
                <TableCell className="text-fg-muted">
                  {t('queues.seconds', { n: q.maxWaitSeconds })}
                </TableCell>
                <TableCell className="text-fg-muted">
                  {t(`queues.after.${q.afterWait}`)}
                  {q.afterWaitTarget ? <span className="block text-xs">{q.afterWaitTarget}</span> : null}
                </TableCell>
                <TableCell className="text-fg-muted">
                  {q.workingHours ? t('queues.hoursSet') : t('queues.always')}
                </TableCell>
                <TableCell className="tabular-nums text-fg-muted">{q.waiting}</TableCell>
                {canManage ? (
                  <TableCell className="whitespace-nowrap text-right">
                    <QueueDialog
                      projectId={projectId}
                      timeZone={timeZone}
                      blocks={blocks}
                      queues={queues}
                      queue={q}
                      trigger={
                        <Button size="sm" variant="ghost">
                          {t('queues.edit')}
                        </Button>
                      }
                    />
                    <ConfirmDialog
                      title={t('queues.removeTitle', { name: q.name })}
                      description={t('queues.removeText')}
                      trigger={
                        <Button size="sm" variant="ghost">
                          {t('queues.remove')}
                        </Button>
                      }
                      confirmLabel={t('queues.remove')}
                      onConfirm={() => void remove(q)}
                    />
                  </TableCell>
                ) : null}
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
    </div>
  );
}
