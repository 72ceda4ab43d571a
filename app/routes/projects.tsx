import { redirect, type MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { ArrowRightIcon, PlusIcon } from '~/components/icons';
import { LanguageSwitch } from '~/components/language-switch';
import { Logo } from '~/components/logo';
import { FormAlert } from '~/components/forms/form-alert';
import { fieldMessage, isFailure } from '~/components/forms/form-messages';
import { RoleBadge } from '~/components/access/role-badge';
import { Button } from '~/components/ui/button';
import { EmptyState } from '~/components/ui/empty-state';
import { FormField } from '~/components/ui/form-field';
import { Input } from '~/components/ui/input';
import { UserMenu } from '~/components/user-menu';
import { useT } from '~/i18n';
import { en } from '~/i18n/en';
import { translatorFromMatches } from '~/i18n/meta';
import { createProject, createProjectInput } from '~/.server/access/create-project.server';
import { userProjects } from '~/.server/access/user-projects.server';
import { clientInfo } from '~/.server/auth/client-info.server';
import { pageFailure } from '~/.server/forms/form-result';
import { consumeAccountRate } from '~/.server/http/rate-limits';
import { readForm } from '~/.server/forms/read-form';
import { userAction, userLoader } from '~/.server/http/project-route';

export const meta: MetaFunction = ({ matches }) => [
  { title: translatorFromMatches(matches, en)('projects.metaTitle') },
];

export const loader = userLoader(async ({ user }) => ({ user, projects: await userProjects(user.id) }));

/** Creates a project (the creator becomes its owner) and opens it; limited per user, like the API. */
export const action = userAction(async ({ request, user }) => {
  const rate = await consumeAccountRate('project-create', user.id);
  if (!rate.ok)
    return pageFailure(429, 'rate_limited', {}, { 'Retry-After': String(rate.retryAfterSeconds) });
  const form = await readForm(request);
  const { name } = createProjectInput.parse({ name: form.get('name') ?? '' });
  const project = await createProject(user.id, name, clientInfo(request));
  return redirect(`/p/${project.id}`);
});

export default function ProjectsPage() {
  const { user, projects } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const navigation = useNavigation();
  const t = useT();
  const creating = navigation.state !== 'idle' && navigation.formMethod?.toLowerCase() === 'post';

  return (
    <div className="min-h-dvh bg-canvas">
      <header className="flex items-center justify-between gap-4 border-b border-border px-6 py-4">
        <Logo />
        <div className="flex items-center gap-4">
          <LanguageSwitch />
          <div className="w-56">
            <UserMenu user={user} />
          </div>
        </div>
      </header>
      <main className="mx-auto grid max-w-5xl gap-8 px-4 py-10 sm:px-6 lg:grid-cols-[1fr_20rem]">
        <section aria-labelledby="projects-title" className="space-y-4">
          <div className="space-y-1">
            <h1 id="projects-title" className="text-xl font-semibold tracking-tight text-fg">
              {t('projects.title')}
            </h1>
            <p className="text-sm text-fg-muted">{t('projects.description')}</p>
          </div>
          {projects.length === 0 ? (
            <EmptyState title={t('projects.empty')} text={t('projects.emptyText')} />
          ) : (
            <ul className="divide-y divide-border overflow-hidden rounded-panel border border-border bg-surface shadow-card">
              {projects.map((p) => (
                <li key={p.id}>
                  <Link
                    to={`/p/${p.id}`}
                    className="group flex items-center gap-4 px-5 py-4 transition-colors hover:bg-surface-hover focus-visible:outline-2 focus-visible:outline-ring"
                  >
                    <span
                      aria-hidden
                      className="flex size-9 shrink-0 items-center justify-center rounded-control bg-brand-subtle text-sm font-semibold text-brand-subtle-fg"
                    >
                      {p.name.slice(0, 1).toUpperCase()}
                    </span>
                    <span className="min-w-0 flex-1">
                      <span className="block truncate text-sm font-medium text-fg">{p.name}</span>
                      <span className="sr-only">
                        {t('projects.yourRole', { role: t(`roles.${p.role}`) })}
                      </span>
                    </span>
                    <RoleBadge role={p.role} />
                    <ArrowRightIcon className="text-fg-subtle transition-transform group-hover:translate-x-0.5" />
                  </Link>
                </li>
              ))}
            </ul>
          )}
        </section>
        <section
          id="new"
          aria-labelledby="new-project"
          className="h-fit rounded-panel border border-border bg-surface p-5 shadow-card"
        >
          <h2 id="new-project" className="mb-4 flex items-center gap-2 text-sm font-semibold text-fg">
            <PlusIcon /> {t('projects.createTitle')}
          </h2>
          <Form method="post" noValidate className="space-y-4">
            <FormAlert failure={isFailure(failure) ? failure : undefined} />
            <FormField
              label={t('projects.name')}
              error={isFailure(failure) ? fieldMessage(t, failure, 'name') : undefined}
            >
              <Input name="name" maxLength={100} placeholder={t('projects.namePlaceholder')} required />
            </FormField>
            <Button type="submit" className="w-full" disabled={creating}>
              {creating ? t('projects.creating') : t('projects.create')}
            </Button>
          </Form>
        </section>
      </main>
    </div>
  );
}
