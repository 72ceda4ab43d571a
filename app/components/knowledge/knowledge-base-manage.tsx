import { Link, useFetcher, useNavigate } from '@remix-run/react';
import { useEffect, useState } from 'react';
import { fieldMessage, isFailure, type FormFailureData } from '../forms/form-messages';
import { Button } from '../ui/button';
import { ConfirmDialog } from '../ui/confirm-dialog';
import { Dialog } from '../ui/dialog';
import { FormField } from '../ui/form-field';
import { Input } from '../ui/input';
import { useT } from '~/i18n';

export interface KnowledgeBaseUser {
  id: string;
  name: string;
}

/**
 * Which agents use this knowledge base, and renaming or deleting it. A knowledge base in use cannot be deleted
 * (its agents' blocks would search nothing): the delete button stays off and says who uses it.
 */
export function KnowledgeBaseManage({
  projectId,
  kb,
  usedBy,
  canEdit,
}: {
  projectId: string;
  kb: { id: string; name: string };
  usedBy: readonly KnowledgeBaseUser[];
  canEdit: boolean;
}) {
  const t = useT();
  const rename = useFetcher<FormFailureData | { ok: true }>();
  const remove = useFetcher<FormFailureData | { ok: true; deleted?: true }>();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const renameFailure = isFailure(rename.data) ? rename.data : undefined;
  useEffect(() => {
    if (rename.state === 'idle' && rename.data && !isFailure(rename.data)) setOpen(false);
  }, [rename.state, rename.data]);
  const removeFailure = isFailure(remove.data) ? remove.data : undefined;
  const deleted = remove.data && !isFailure(remove.data) && 'deleted' in remove.data;
  // Gone: back to the list (the page itself would now answer 404).
  useEffect(() => {
    if (deleted) navigate(`/p/${projectId}/knowledge`, { replace: true });
  }, [deleted, navigate, projectId]);

  return (
    <section className="space-y-2" data-testid="kb-manage">
      <p className="text-sm text-fg-muted" data-testid="kb-used-by">
        {usedBy.length === 0 ? (
          t('knowledge.manage.unused')
        ) : (
          <>
            {t('knowledge.manage.usedBy')}{' '}
            {usedBy.map((a, i) => (
              <span key={a.id}>
                {i > 0 && ', '}
                <Link
                  className="font-medium text-brand hover:underline"
                  to={`/p/${projectId}/agents/${a.id}`}
                >
                  {a.name}
                </Link>
              </span>
            ))}
          </>
        )}
      </p>
      {canEdit && (
        <div className="flex flex-wrap items-center gap-2">
          <Dialog
            open={open}
            onOpenChange={setOpen}
            title={t('knowledge.manage.renameTitle')}
            trigger={
              <Button variant="secondary" size="sm">
                {t('knowledge.manage.rename')}
              </Button>
            }
            footer={
              <Button type="submit" form="kb-rename" disabled={rename.state !== 'idle'}>
                {t('common.save')}
              </Button>
            }
          >
            <rename.Form method="post" id="kb-rename" className="space-y-3" noValidate>
              <input type="hidden" name="intent" value="rename" />
              <FormField label={t('knowledge.manage.name')} error={fieldMessage(t, renameFailure, 'name')}>
                <Input name="name" defaultValue={kb.name} maxLength={120} required />
              </FormField>
            </rename.Form>
          </Dialog>
          {usedBy.length > 0 ? (
            <>
              <Button variant="danger" size="sm" disabled aria-describedby="kb-delete-why">
                {t('knowledge.manage.delete')}
              </Button>
              <span id="kb-delete-why" className="text-xs text-fg-subtle">
                {t('knowledge.manage.inUse', { count: usedBy.length })}
              </span>
            </>
          ) : (
            <ConfirmDialog
              title={t('knowledge.manage.deleteTitle', { name: kb.name })}
              description={t('knowledge.manage.deleteText')}
              trigger={
                <Button variant="danger" size="sm">
                  {t('knowledge.manage.delete')}
                </Button>
              }
              confirmLabel={t('knowledge.manage.delete')}
              onConfirm={() => remove.submit({ intent: 'delete-base' }, { method: 'post' })}
            />
          )}
          {removeFailure && (
            <p role="alert" className="text-sm text-danger">
              {t('knowledge.manage.inUse', { count: Math.max(1, usedBy.length) })}
            </p>
          )}
        </div>
      )}
    </section>
  );
}
