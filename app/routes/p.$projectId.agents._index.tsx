import { redirect, type MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react';
import { useEffect, useState } from 'react';
import { AgentActions, ImportAgentButton } from '~/components/agents/agent-actions';
import { FormAlert } from '~/components/forms/form-alert';
import { fieldMessage, isFailure } from '~/components/forms/form-messages';
import { ArrowRightIcon, BotIcon, PlusIcon } from '~/components/icons';
import { Button } from '~/components/ui/button';
import { Dialog } from '~/components/ui/dialog';
import { EmptyState } from '~/components/ui/empty-state';
import { FormField } from '~/components/ui/form-field';
import { Input } from '~/components/ui/input';
import { PageHeader } from '~/components/ui/page-header';
import { useLocale, useT } from '~/i18n';
import { en } from '~/i18n/en';
import { translatorFromMatches } from '~/i18n/meta';
import { can } from '~/.server/access/permissions';
import { createAgentInput } from '~/.server/agents/agent-input';
import { createAgent, listAgents } from '~/.server/agents/agents.server';
import { listTemplates } from '~/.server/agents/templates';
import { readForm } from '~/.server/forms/read-form';
import { projectAction, projectLoader } from '~/.server/http/project-route';
import { getProjectSettings } from '~/.server/projects/project-settings.server';

export const meta: MetaFunction = ({ matches }) => [
  { title: translatorFromMatches(matches, en)('agents.metaTitle') },
];

export const loader = projectLoader({ permission: 'agents.read' }, async ({ access }) => {
  const agents = await listAgents(access.projectId);
  return {
    projectId: access.projectId,
    canEdit: can(access.role, 'agents.edit'),
    agents: agents.map((a) => ({
      id: a.id,
      name: a.name,
      language: a.language,
      description: a.description,
      live: a.liveVersion
        ? { number: a.liveVersion.number, at: a.liveVersion.createdAt.toISOString() }
        : null,
      draftUpdatedAt: a.draftUpdatedAt.toISOString(),
    })),
    templates: listTemplates(),
    defaultLanguage: (await getProjectSettings(access.projectId)).defaultLanguage,
  };
});

export const action = projectAction({ permission: 'agents.edit' }, async ({ request, access, ctx }) => {
  const form = await readForm(request);
  const input = createAgentInput.parse({
    name: form.get('name') ?? '',
    language: form.get('language') ?? '',
    template: form.get('template') ?? 'blank',
  });
  const agent = await createAgent(ctx, input);
  return redirect(`/p/${access.projectId}/agents/${agent.id}`);
});

export default function AgentsPage() {
  const { projectId, canEdit, agents, templates, defaultLanguage } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const problem = isFailure(failure) ? failure : undefined;
  const t = useT();
  const locale = useLocale();
  const navigation = useNavigation();
  const [search] = useSearchParams();
  // Home's "Create agent" step opens the dialog at once (?new=1): one click less to a first agent.
  const [open, setOpen] = useState(search.get('new') === '1' && canEdit);
  // The project's default language, set in its settings.
  const [language, setLanguage] = useState<'ru' | 'en'>(defaultLanguage ?? (locale === 'ru' ? 'ru' : 'en'));
  const [template, setTemplate] = useState('blank');
  useEffect(() => {
    if (problem) setOpen(true);
  }, [problem]);
  const choices = templates.filter((tpl) => tpl.language === language);

  const createDialog = canEdit ? (
    <Dialog
      open={open}
      onOpenChange={setOpen}
      size="lg"
      trigger={
        <Button>
          <PlusIcon /> {t('agents.create')}
        </Button>
      }
      title={t('agents.create')}
      footer={
        <Button type="submit" form="agent-form" loading={navigation.state === 'submitting'}>
          {t('agents.createSubmit')}
        </Button>
      }
    >
      <Form method="post" id="agent-form" className="space-y-4" noValidate>
        <FormAlert failure={problem} />
        <FormField label={t('agents.name')} error={fieldMessage(t, problem, 'name')}>
          <Input name="name" maxLength={100} placeholder={t('agents.namePlaceholder')} required />
        </FormField>
        <fieldset className="space-y-1.5">
          <legend className="text-sm font-medium text-fg">{t('agents.language')}</legend>
          <div className="flex gap-4 text-sm">
            {(['ru', 'en'] as const).map((lang) => (
              <label key={lang} className="flex items-center gap-1.5">
                <input
                  type="radio"
                  name="language"
                  value={lang}
                  checked={language === lang}
                  onChange={() => setLanguage(lang)}
                  className="accent-brand"
                />
                {t(`agents.languages.${lang}`)}
              </label>
            ))}
          </div>
        </fieldset>
        <fieldset className="space-y-1.5">
          <legend className="text-sm font-medium text-fg">{t('agents.template')}</legend>
          <div className="grid gap-2 sm:grid-cols-2">
            {choices.map((tpl) => (
              <label
                key={tpl.id}
                className="flex cursor-pointer gap-2 rounded-card border border-border p-3 text-sm has-[:checked]:border-brand has-[:checked]:bg-brand-subtle"
              >
                <input
                  type="radio"
                  name="template"
                  value={tpl.id}
                  checked={template === tpl.id}
                  onChange={() => setTemplate(tpl.id)}
                  className="mt-0.5 accent-brand"
                />
                <span>
                  <span className="block font-medium text-fg">{tpl.name}</span>
                  <span className="block text-xs text-fg-muted">{tpl.description}</span>
                  <span className="mt-1 block text-[11px] text-fg-subtle">
                    {t('agents.nodes', { count: tpl.nodeCount })}
                  </span>
                </span>
              </label>
            ))}
          </div>
        </fieldset>
      </Form>
    </Dialog>
  ) : undefined;

  return (
    <div className="space-y-8">
      <PageHeader
        title={t('agents.title')}
        description={t('agents.description')}
        actions={
          canEdit ? (
            <div className="flex gap-2">
              <ImportAgentButton projectId={projectId} />
              {createDialog}
            </div>
          ) : undefined
        }
      />
      {agents.length === 0 ? (
        <EmptyState icon={<BotIcon size={20} />} title={t('agents.empty')} text={t('agents.emptyText')} />
      ) : (
        <ul className="grid gap-4 sm:grid-cols-2">
          {agents.map((agent) => (
            <li key={agent.id} className="flex flex-col gap-1">
              <Link
                to={`/p/${projectId}/agents/${agent.id}`}
                className="group flex h-full flex-col gap-2 rounded-panel border border-border bg-surface p-5 shadow-card transition-colors hover:bg-surface-hover focus-visible:outline-2 focus-visible:outline-ring"
              >
                <span className="flex items-center justify-between gap-2 text-sm font-semibold text-fg">
                  {agent.name}
                  <ArrowRightIcon className="text-fg-subtle transition-transform group-hover:translate-x-0.5" />
                </span>
                {agent.description && <span className="text-sm text-fg-muted">{agent.description}</span>}
                <span className="mt-auto flex flex-wrap gap-2 text-xs text-fg-subtle">
                  <span>{t(`agents.languages.${agent.language}`)}</span>
                  <span>·</span>
                  {agent.live ? (
                    <span className="font-medium text-success-subtle-fg">
                      {t('agents.live', { number: agent.live.number })}
                    </span>
                  ) : (
                    <span>{t('agents.notPublished')}</span>
                  )}
                  <span>·</span>
                  <span>
                    {t('agents.edited', { date: new Date(agent.draftUpdatedAt).toLocaleString(locale) })}
                  </span>
                </span>
              </Link>
              {canEdit && <AgentActions projectId={projectId} agent={agent} />}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
