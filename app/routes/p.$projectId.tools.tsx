import type { MetaFunction } from '@remix-run/node';
import { useLoaderData, useRevalidator } from '@remix-run/react';
import { api } from '~/components/api/api-client';
import { PlusIcon, WrenchIcon } from '~/components/icons';
import { ToolDialog } from '~/components/tools/tool-dialog';
import { ToolSettingsForm } from '~/components/tools/tool-settings-form';
import { ToolTestDialog } from '~/components/tools/tool-test-dialog';
import { Button } from '~/components/ui/button';
import { Card } from '~/components/ui/card';
import { ConfirmDialog } from '~/components/ui/confirm-dialog';
import { EmptyState } from '~/components/ui/empty-state';
import { PageHeader } from '~/components/ui/page-header';
import { useT } from '~/i18n';
import { en } from '~/i18n/en';
import { translatorFromMatches } from '~/i18n/meta';
import { can } from '~/.server/access/permissions';
import { projectLoader } from '~/.server/http/project-route';
import { BUILTIN_TOOLS } from '~/.server/tools/builtin-catalog';
import { getToolSettings, listTools } from '~/.server/tools/project-tools.server';

export const meta: MetaFunction = ({ matches }) => [
  { title: translatorFromMatches(matches, en)('tools.metaTitle') },
];

export const loader = projectLoader({ permission: 'agents.read' }, async ({ access }) => {
  const [tools, settings] = await Promise.all([
    listTools(access.projectId),
    getToolSettings(access.projectId),
  ]);
  return {
    projectId: access.projectId,
    canEdit: can(access.role, 'agents.edit'),
    canManageSettings: can(access.role, 'project.update'),
    tools,
    builtins: BUILTIN_TOOLS,
    settings,
  };
});

export default function ToolsPage() {
  const { projectId, canEdit, canManageSettings, tools, builtins, settings } = useLoaderData<typeof loader>();
  const t = useT();
  const { revalidate } = useRevalidator();
  const remove = async (id: string) => {
    await api(`/api/v1/projects/${projectId}/tools/${id}`, { method: 'DELETE' });
    revalidate();
  };

  return (
    <div className="space-y-8">
      <PageHeader
        title={t('tools.title')}
        description={t('tools.description')}
        actions={
          canEdit ? (
            <ToolDialog
              projectId={projectId}
              trigger={
                <Button>
                  <PlusIcon /> {t('tools.add')}
                </Button>
              }
            />
          ) : undefined
        }
      />
      {!canEdit && <p className="text-sm text-fg-muted">{t('tools.readOnly')}</p>}
      {tools.length === 0 ? (
        <EmptyState
          icon={<WrenchIcon size={20} />}
          title={t('tools.emptyTitle')}
          text={t('tools.emptyText')}
        />
      ) : (
        <ul className="grid gap-4 lg:grid-cols-2">
          {tools.map((tool) => (
            <li key={tool.id}>
              <Card className="flex h-full flex-col gap-2 p-5" data-testid="tool-card" data-tool={tool.name}>
                <div className="flex items-center justify-between gap-2">
                  <span className="font-mono text-sm font-semibold text-fg">{tool.name}</span>
                  <span className="text-xs text-fg-subtle">
                    {tool.auth.kind === 'none'
                      ? t('tools.noAuth')
                      : `${t(`tools.form.authKinds.${tool.auth.kind}`)} · ${t('tools.secretSet')}`}
                  </span>
                </div>
                {tool.description && <p className="text-sm text-fg-muted">{tool.description}</p>}
                <p className="truncate font-mono text-xs text-fg-subtle">
                  {tool.method} {tool.url}
                </p>
                {canEdit && (
                  <div className="mt-auto flex gap-2 pt-2">
                    <ToolTestDialog
                      projectId={projectId}
                      tool={tool}
                      trigger={
                        <Button size="sm" variant="secondary">
                          {t('tools.test')}
                        </Button>
                      }
                    />
                    <ToolDialog
                      projectId={projectId}
                      tool={tool}
                      trigger={
                        <Button size="sm" variant="ghost">
                          {t('tools.edit')}
                        </Button>
                      }
                    />
                    <ConfirmDialog
                      title={t('tools.removeTitle', { name: tool.name })}
                      description={t('tools.removeText')}
                      confirmLabel={t('tools.remove')}
                      onConfirm={() => void remove(tool.id)}
                      trigger={
                        <Button size="sm" variant="ghost">
                          {t('tools.remove')}
                        </Button>
                      }
                    />
                  </div>
                )}
              </Card>
            </li>
          ))}
        </ul>
      )}
      <section className="space-y-3">
        <div>
          <h2 className="text-sm font-semibold text-fg">{t('tools.builtinsTitle')}</h2>
          <p className="text-sm text-fg-muted">{t('tools.builtinsText')}</p>
        </div>
        <ul className="grid gap-3 sm:grid-cols-3" data-testid="builtin-tools">
          {builtins.map((builtin) => (
            <li key={builtin.name} className="rounded-panel border border-border bg-surface p-4">
              <p className="text-sm font-semibold text-fg">
                <code>{builtin.name}</code>
              </p>
              <p className="text-xs text-fg-subtle">{t(`tools.builtinKind.${builtin.kind}`)}</p>
              <p className="mt-1 text-sm text-fg-muted">
                {t(`tools.builtin.${builtin.name as 'current_datetime' | 'end_call' | 'transfer'}`)}
              </p>
            </li>
          ))}
        </ul>
      </section>
      <ToolSettingsForm projectId={projectId} settings={settings} canManage={canManageSettings} />
    </div>
  );
}
