import { useLoaderData, useRevalidator, useSearchParams } from '@remix-run/react';
import { useEffect, useState } from 'react';
import { api, type ApiFailure } from '~/components/api/api-client';
import { apiFailureMessage, apiFieldMessages } from '~/components/api/api-failure-message';
import { ApiFormDialog } from '~/components/api/api-form-dialog';
import { listOf } from '~/components/crm/crm-types';
import { ChevronDownIcon, ChevronUpIcon, CloseIcon } from '~/components/icons';
import { Button } from '~/components/ui/button';
import { ConfirmDialog } from '~/components/ui/confirm-dialog';
import { FormField } from '~/components/ui/form-field';
import { Input } from '~/components/ui/input';
import { Select } from '~/components/ui/select';
import { Table, TableBody, TableCell, TableHead, TableHeaderCell, TableRow } from '~/components/ui/table';
import { useToast } from '~/components/ui/use-toast';
import { useT } from '~/i18n';
import { FIELD_ENTITIES, FIELD_TYPES, STAGE_KINDS } from '~/lib/crm/crm-values';
import { listFields } from '~/.server/crm/fields.server';
import { listPipelines } from '~/.server/crm/pipelines.server';
import { projectLoader } from '~/.server/http/project-route';
import { getLocale } from '~/i18n/locale.server';

export const loader = projectLoader({ permission: 'crm.edit' }, async ({ request, access }) => ({
  projectId: access.projectId,
  fields: await listFields(access.projectId),
  pipelines: await listPipelines(access.projectId, getLocale(request) === 'ru' ? 'ru' : 'en'),
}));

interface StageDraft {
  id?: string;
  name: string;
  kind: string;
}

/** Custom fields of contacts and deals, and each pipeline with its stages, in board order. */
export default function CrmSettings() {
  const { projectId, fields, pipelines } = useLoaderData<typeof loader>();
  const t = useT();
  const { toast } = useToast();
  const revalidator = useRevalidator();
  const [entity, setEntity] = useState<string>('contact');
  const [type, setType] = useState<string>('text');
  const [search, setSearch] = useSearchParams();
  const pipeline = pipelines.find((p) => p.id === search.get('pipeline')) ?? pipelines[0]!;
  const [stages, setStages] = useState<StageDraft[]>(pipeline.stages);
  const [pipelineName, setPipelineName] = useState(pipeline.name);
  const [failure, setFailure] = useState<ApiFailure>();
  useEffect(() => {
    setStages(pipeline.stages);
    setPipelineName(pipeline.name);
    setFailure(undefined);
  }, [pipeline.stages, pipeline.name]);
  const base = `/api/v1/projects/${projectId}/crm` as const;
  const pick = (id: string) =>
    setSearch(
      (q) => {
        q.set('pipeline', id);
        return q;
      },
      { replace: true },
    );
  const swap = (i: number, j: number) =>
    setStages((s) => {
      const next = [...s];
      [next[i], next[j]] = [next[j]!, next[i]!];
      return next;
    });
  const saveStages = async () => {
    const answer = await api(`${base}/pipelines/${pipeline.id}`, {
      method: 'PATCH',
      json: { name: pipelineName.trim(), stages },
    });
    if (!answer.ok) return setFailure(answer.error);
    setFailure(undefined);
    toast({ title: t('crm.settings.saved'), variant: 'success' });
    revalidator.revalidate();
  };
  const deletePipeline = async () => {
    const answer = await api(`${base}/pipelines/${pipeline.id}`, { method: 'DELETE' });
    if (!answer.ok) return setFailure(answer.error);
    toast({ title: t('crm.settings.pipelineDeleted'), variant: 'success' });
    setSearch(
      (q) => {
        q.delete('pipeline');
        return q;
      },
      { replace: true },
    );
  };
  return (
    <div className="grid gap-6 lg:grid-cols-2" data-testid="crm-settings">
      <section className="space-y-3">
        <div className="flex items-center justify-between gap-2">
          <h2 className="text-base font-semibold text-fg">{t('crm.settings.fields')}</h2>
          <ApiFormDialog
            formId="crm-field-form"
            title={t('crm.settings.addField')}
            trigger={<Button size="sm">{t('crm.settings.addField')}</Button>}
            submitLabel={t('crm.settings.addField')}
            formClassName="grid gap-4 sm:grid-cols-2"
            submit={(form) =>
              api(`${base}/fields`, {
                method: 'POST',
                json: {
                  entity,
                  type,
                  key: String(form.get('key') ?? '').trim(),
                  label: String(form.get('label') ?? '').trim(),
                  options: listOf(String(form.get('options') ?? '')),
                },
              })
            }
          >
            {(f) => {
              const error = apiFieldMessages(t, f, 'crm');
              return (
                <>
                  <FormField label={t('crm.settings.entity')}>
                    <Select
                      value={entity}
                      onValueChange={setEntity}
                      options={FIELD_ENTITIES.map((e) => ({
                        value: e,
                        label: t(`crm.settings.entities.${e}`),
                      }))}
                    />
                  </FormField>
                  <FormField label={t('crm.settings.type')}>
                    <Select
                      value={type}
                      onValueChange={setType}
                      options={FIELD_TYPES.map((x) => ({ value: x, label: t(`crm.settings.types.${x}`) }))}
                    />
                  </FormField>
                  <FormField label={t('crm.settings.label')} error={error('label')}>
                    <Input name="label" />
                  </FormField>
                  <FormField
                    label={t('crm.settings.key')}
                    hint={t('crm.settings.keyHint')}
                    error={error('key')}
                  >
                    <Input name="key" autoComplete="off" />
                  </FormField>
                  {type === 'select' && (
                    <FormField
                      label={t('crm.settings.options')}
                      error={error('options')}
                      className="sm:col-span-2"
                    >
                      <Input name="options" />
                    </FormField>
                  )}
                </>
              );
            }}
          </ApiFormDialog>
        </div>
        <p className="text-sm text-fg-muted">{t('crm.settings.fieldsHint')}</p>
        {fields.length === 0 ? (
          <p className="text-sm text-fg-muted">{t('crm.settings.noFields')}</p>
        ) : (
          <Table>
            <TableHead>
              <TableRow>
                <TableHeaderCell>{t('crm.settings.label')}</TableHeaderCell>
                <TableHeaderCell>{t('crm.settings.key')}</TableHeaderCell>
                <TableHeaderCell>{t('crm.settings.entity')}</TableHeaderCell>
                <TableHeaderCell>{t('crm.settings.type')}</TableHeaderCell>
                <TableHeaderCell />
              </TableRow>
            </TableHead>
            <TableBody>
              {fields.map((f) => (
                <TableRow key={f.id}>
                  <TableCell>{f.label}</TableCell>
                  <TableCell>
                    <code>{f.key}</code>
                  </TableCell>
                  <TableCell>{t(`crm.settings.entities.${f.entity as 'contact'}`)}</TableCell>
                  <TableCell>{t(`crm.settings.types.${f.type as 'text'}`)}</TableCell>
                  <TableCell>
                    <ConfirmDialog
                      title={t('crm.settings.removeTitle', { label: f.label })}
                      description={t('crm.settings.removeText')}
                      confirmLabel={t('crm.settings.remove')}
                      trigger={
                        <Button size="sm" variant="ghost">
                          {t('crm.settings.remove')}
                        </Button>
                      }
                      onConfirm={() =>
                        void api(`${base}/fields/${f.id}`, { method: 'DELETE' }).then(() =>
                          revalidator.revalidate(),
                        )
                      }
                    />
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </section>
      <section className="space-y-3" data-testid="crm-pipeline-settings">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <h2 className="text-base font-semibold text-fg">{t('crm.settings.stages')}</h2>
          <ApiFormDialog
            formId="crm-pipeline-form"
            title={t('crm.settings.addPipeline')}
            trigger={
              <Button size="sm" variant="secondary">
                {t('crm.settings.addPipeline')}
              </Button>
            }
            submitLabel={t('crm.settings.addPipeline')}
            submit={async (form) => {
              const answer = await api(`${base}/pipelines`, {
                method: 'POST',
                json: {
                  name: String(form.get('name') ?? '').trim(),
                  // Somewhere for deals to go at once; the stages are edited here right after.
                  stages: STAGE_KINDS.map((kind) => ({ name: t(`crm.settings.newStages.${kind}`), kind })),
                },
              });
              if (answer.ok) pick((answer.data as { pipeline: { id: string } }).pipeline.id);
              return answer;
            }}
          >
            {(f) => (
              <FormField label={t('crm.settings.pipelineName')} error={apiFieldMessages(t, f, 'crm')('name')}>
                <Input name="name" />
              </FormField>
            )}
          </ApiFormDialog>
        </div>
        <div className="flex flex-wrap items-end gap-2">
          <FormField label={t('crm.settings.pipeline')} className="w-48">
            <Select
              aria-label={t('crm.settings.pipeline')}
              value={pipeline.id}
              onValueChange={pick}
              options={pipelines.map((p) => ({ value: p.id, label: p.name }))}
            />
          </FormField>
          <FormField
            label={t('crm.settings.pipelineName')}
            className="min-w-48 flex-1"
            error={failure?.fields.name ? t('crm.fieldErrors.generic') : undefined}
          >
            <Input value={pipelineName} onChange={(e) => setPipelineName(e.currentTarget.value)} />
          </FormField>
          <ConfirmDialog
            title={t('crm.settings.deletePipelineTitle', { name: pipeline.name })}
            description={t('crm.settings.deletePipelineText')}
            confirmLabel={t('crm.settings.deletePipeline')}
            trigger={
              <Button
                size="sm"
                variant="ghost"
                disabled={pipelines.length === 1}
                title={pipelines.length === 1 ? t('crm.settings.lastPipeline') : undefined}
              >
                {t('crm.settings.deletePipeline')}
              </Button>
            }
            onConfirm={() => void deletePipeline()}
          />
        </div>
        <p className="text-sm text-fg-muted">{t('crm.settings.stagesHint')}</p>
        <ol className="space-y-2">
          {stages.map((s, i) => (
            <li key={s.id ?? `new-${i}`} className="flex items-center gap-2">
              <Input
                aria-label={t('crm.settings.stageName')}
                value={s.name}
                onChange={(e) => {
                  const name = e.currentTarget.value;
                  setStages((all) => all.map((x, j) => (j === i ? { ...x, name } : x)));
                }}
              />
              <Select
                aria-label={t('crm.settings.type')}
                value={s.kind}
                onValueChange={(kind) =>
                  setStages((all) => all.map((x, j) => (j === i ? { ...x, kind } : x)))
                }
                options={STAGE_KINDS.map((k) => ({ value: k, label: t(`crm.settings.stageKinds.${k}`) }))}
                className="w-32"
              />
              <Button
                size="icon"
                variant="ghost"
                aria-label="↑"
                disabled={i === 0}
                onClick={() => swap(i, i - 1)}
              >
                <ChevronUpIcon />
              </Button>
              <Button
                size="icon"
                variant="ghost"
                aria-label="↓"
                disabled={i === stages.length - 1}
                onClick={() => swap(i, i + 1)}
              >
                <ChevronDownIcon />
              </Button>
              <Button
                size="icon"
                variant="ghost"
                aria-label={t('crm.settings.remove')}
                disabled={stages.length === 1}
                onClick={() => setStages((all) => all.filter((_, j) => j !== i))}
              >
                <CloseIcon />
              </Button>
            </li>
          ))}
        </ol>
        {failure && <p className="text-sm text-danger">{apiFailureMessage(t, failure, 'crm')}</p>}
        <div className="flex gap-2">
          <Button
            size="sm"
            variant="secondary"
            onClick={() => setStages((s) => [...s, { name: '', kind: 'open' }])}
          >
            {t('crm.settings.addStage')}
          </Button>
          <Button size="sm" onClick={() => void saveStages()}>
            {t('crm.settings.saveStages')}
          </Button>
        </div>
      </section>
    </div>
  );
}
