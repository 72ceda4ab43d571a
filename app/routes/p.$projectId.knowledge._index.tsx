import { redirect, type MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { useEffect, useState } from 'react';
import { FormAlert } from '~/components/forms/form-alert';
import { fieldMessage, isFailure } from '~/components/forms/form-messages';
import { ArrowRightIcon, BookIcon, PlusIcon } from '~/components/icons';
import { Button } from '~/components/ui/button';
import { Dialog } from '~/components/ui/dialog';
import { EmptyState } from '~/components/ui/empty-state';
import { FormField } from '~/components/ui/form-field';
import { Input } from '~/components/ui/input';
import { PageHeader } from '~/components/ui/page-header';
import { Textarea } from '~/components/ui/textarea';
import { useT } from '~/i18n';
import { en } from '~/i18n/en';
import { translatorFromMatches } from '~/i18n/meta';
import { can } from '~/.server/access/permissions';
import { createKnowledgeBase, listKnowledgeBases } from '~/.server/knowledge-base/knowledge-bases.server';
import { createKnowledgeBaseInput } from '~/.server/knowledge-base/source-input';
import { readForm } from '~/.server/forms/read-form';
import { projectAction, projectLoader } from '~/.server/http/project-route';

export const meta: MetaFunction = ({ matches }) => [
  { title: translatorFromMatches(matches, en)('knowledge.metaTitle') },
];

export const loader = projectLoader({ permission: 'knowledge.read' }, async ({ access }) => ({
  projectId: access.projectId,
  canEdit: can(access.role, 'knowledge.edit'),
  bases: await listKnowledgeBases(access.projectId),
}));

export const action = projectAction({ permission: 'knowledge.edit' }, async ({ request, access, ctx }) => {
  const form = await readForm(request);
  const input = createKnowledgeBaseInput.parse({
    name: form.get('name') ?? '',
    description: form.get('description') ?? '',
  });
  const kb = await createKnowledgeBase(ctx, input);
  return redirect(`/p/${access.projectId}/knowledge/${kb.id}`);
});

export default function KnowledgeBasesPage() {
  const { projectId, canEdit, bases } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const problem = isFailure(failure) ? failure : undefined;
  const t = useT();
  const [open, setOpen] = useState(false);
  // A refused form comes back with the page: keep the dialog open on its messages.
  useEffect(() => {
    if (problem) setOpen(true);
  }, [problem]);
  const createDialog = canEdit ? (
    <Dialog
      open={open}
      onOpenChange={setOpen}
      trigger={
        <Button>
          <PlusIcon /> {t('knowledge.create')}
        </Button>
      }
      title={t('knowledge.create')}
      footer={
        <Button type="submit" form="kb-form">
          {t('knowledge.createSubmit')}
        </Button>
      }
    >
      <Form method="post" id="kb-form" className="space-y-4" noValidate>
        <FormAlert failure={problem} />
        <FormField label={t('knowledge.name')} error={fieldMessage(t, problem, 'name')}>
          <Input name="name" maxLength={100} placeholder={t('knowledge.namePlaceholder')} required />
        </FormField>
        <FormField label={t('knowledge.descriptionLabel')}>
          <Textarea name="description" maxLength={1000} rows={3} />
        </FormField>
      </Form>
    </Dialog>
  ) : undefined;
  return (
    <div className="space-y-8">
      <PageHeader
        title={t('knowledge.title')}
        description={t('knowledge.description')}
        actions={createDialog}
      />
      {bases.length === 0 ? (
        <EmptyState
          icon={<BookIcon size={20} />}
          title={t('knowledge.empty')}
          text={t('knowledge.emptyText')}
        />
      ) : (
        <ul className="grid gap-4 sm:grid-cols-2">
          {bases.map((kb) => (
            <li key={kb.id}>
              <Link
                to={`/p/${projectId}/knowledge/${kb.id}`}
                className="group flex h-full flex-col gap-2 rounded-panel border border-border bg-surface p-5 shadow-card transition-colors hover:bg-surface-hover focus-visible:outline-2 focus-visible:outline-ring"
              >
                <span className="flex items-center justify-between gap-2 text-sm font-semibold text-fg">
                  {kb.name}
                  <ArrowRightIcon className="text-fg-subtle transition-transform group-hover:translate-x-0.5" />
                </span>
                {kb.description && <span className="text-sm text-fg-muted">{kb.description}</span>}
                <span className="mt-auto text-xs text-fg-subtle">
                  {t('knowledge.sourcesCount', { count: kb.sources })} ·{' '}
                  {t('knowledge.chunksCount', { count: kb.chunks })}
                </span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
