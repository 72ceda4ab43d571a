import { redirect, type MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { useState } from 'react';
import { FormAlert } from '~/components/forms/form-alert';
import { fieldMessage, isFailure } from '~/components/forms/form-messages';
import { Button } from '~/components/ui/button';
import { Card } from '~/components/ui/card';
import { FormField } from '~/components/ui/form-field';
import { Input } from '~/components/ui/input';
import { PageHeader } from '~/components/ui/page-header';
import { useT } from '~/i18n';
import { en } from '~/i18n/en';
import { translatorFromMatches } from '~/i18n/meta';
import { can } from '~/.server/access/permissions';
import { readForm } from '~/.server/forms/read-form';
import { deleteProject, deleteProjectInput } from '~/.server/projects/delete-project.server';
import { projectAction, projectLoader } from '~/.server/http/project-route';
import { getProjectSettings } from '~/.server/projects/project-settings.server';
import { ProjectSettingsForm } from '~/components/settings/project-settings-form';

export const meta: MetaFunction = ({ matches }) => [
  { title: translatorFromMatches(matches, en)('settings.metaTitle') },
];

export const loader = projectLoader({ permission: 'project.update' }, async ({ access }) => ({
  project: await getProjectSettings(access.projectId),
  canDelete: can(access.role, 'project.delete'),
}));

/** Deleting, confirmed by the project's name; then the user lands on their remaining projects. */
export const action = projectAction({ permission: 'project.delete' }, async ({ request, ctx }) => {
  const form = await readForm(request);
  const { name } = deleteProjectInput.parse({ name: form.get('name') ?? '' });
  await deleteProject(ctx, name);
  return redirect('/projects');
});

export default function ProjectSettings() {
  const { project, canDelete } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div className="space-y-8">
      <PageHeader title={t('settings.title')} description={t('settings.description')} />
      <ProjectSettingsForm project={project} />
      <Card className="p-5">
        <Link
          to={`/p/${project.id}/settings/providers`}
          className="text-sm font-medium text-brand hover:underline"
          data-testid="providers-link"
        >
          {t('providers.settingsLink')} →
        </Link>
      </Card>
      <DangerZone name={project.name} canDelete={canDelete} />
    </div>
  );
}

function DangerZone({ name, canDelete }: { name: string; canDelete: boolean }) {
  const t = useT();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const [typed, setTyped] = useState('');
  const failure = isFailure(actionData) ? actionData : undefined;
  const confirmed = typed.trim() === name.trim();
  return (
    <section aria-labelledby="danger-zone" className="space-y-3">
      <h2 id="danger-zone" className="text-sm font-semibold text-danger">
        {t('settings.dangerTitle')}
      </h2>
      <Card className="border-danger/40 p-5">
        <div className="space-y-4" data-testid="delete-project">
          <div className="space-y-1">
            <h3 className="text-sm font-semibold text-fg">{t('settings.deleteTitle')}</h3>
            <p className="max-w-2xl text-sm text-fg-muted">{t('settings.deleteText')}</p>
          </div>
          {canDelete ? (
            <Form method="post" className="max-w-md space-y-4" noValidate>
              <FormAlert failure={failure} />
              <FormField
                label={t('settings.confirmLabel', { name })}
                error={fieldMessage(t, failure, 'name')}
              >
                <Input
                  name="name"
                  autoComplete="off"
                  value={typed}
                  onChange={(e) => setTyped(e.target.value)}
                  data-testid="delete-confirm"
                />
              </FormField>
              <Button
                type="submit"
                variant="danger"
                disabled={!confirmed || navigation.state !== 'idle'}
                data-testid="delete-project-submit"
              >
                {t('settings.deleteButton')}
              </Button>
            </Form>
          ) : (
            <p className="text-sm text-fg-subtle">{t('settings.ownersOnly')}</p>
          )}
        </div>
      </Card>
    </section>
  );
}
