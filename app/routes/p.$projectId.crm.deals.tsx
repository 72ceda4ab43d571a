import { Link, useLoaderData, useRevalidator, useSearchParams } from '@remix-run/react';
import { useState } from 'react';
import { api } from '~/components/api/api-client';
import { ApiFormDialog } from '~/components/api/api-form-dialog';
import { apiFieldMessages } from '~/components/api/api-failure-message';
import { formatMoney } from '~/components/crm/crm-types';
import { DealBoard } from '~/components/crm/deal-board';
import { Button, buttonClasses } from '~/components/ui/button';
import { FormField } from '~/components/ui/form-field';
import { Input } from '~/components/ui/input';
import { Select } from '~/components/ui/select';
import { Table, TableBody, TableCell, TableHead, TableHeaderCell, TableRow } from '~/components/ui/table';
import { useLocale, useT } from '~/i18n';
import { CURRENCIES } from '~/lib/crm/crm-values';
import { can } from '~/.server/access/permissions';
import { queryParams } from '~/.server/api/api-error';
import { dealBoard } from '~/.server/crm/deals.server';
import { listPipelines } from '~/.server/crm/pipelines.server';
import { projectLoader } from '~/.server/http/project-route';
import { getLocale } from '~/i18n/locale.server';

export const loader = projectLoader({ permission: 'crm.read' }, async ({ request, access }) => {
  const pipelines = await listPipelines(access.projectId, getLocale(request) === 'ru' ? 'ru' : 'en');
  const wanted = queryParams(request).get('pipeline');
  const pipeline = pipelines.find((p) => p.id === wanted) ?? pipelines[0]!;
  return {
    projectId: access.projectId,
    pipelines,
    pipelineId: pipeline.id,
    columns: await dealBoard(access.projectId, pipeline.id),
    canEdit: can(access.role, 'crm.edit'),
  };
});

/** Deals of one pipeline: a board by stage with drag and drop, or a table. */
export default function CrmDeals() {
  const { projectId, pipelines, pipelineId, columns, canEdit } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const revalidator = useRevalidator();
  const [search, setSearch] = useSearchParams();
  const view = search.get('view') === 'table' ? 'table' : 'board';
  const pipeline = pipelines.find((p) => p.id === pipelineId)!;
  const [stageId, setStageId] = useState(pipeline.stages[0]?.id ?? '');
  const [currency, setCurrency] = useState<string>('RUB');
  const viewLink = (v: string) => {
    const q = new URLSearchParams(search);
    q.set('view', v);
    return `?${q.toString()}`;
  };
  const moveTo = async (dealId: string, target: string) => {
    await api(`/api/v1/projects/${projectId}/crm/deals/${dealId}`, {
      method: 'PATCH',
      json: { stageId: target },
    });
    revalidator.revalidate();
  };
  return (
    <div className="space-y-3" data-testid="crm-deals">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div className="flex items-center gap-2">
          {pipelines.length > 1 && (
            <Select
              aria-label={t('crm.deals.pipeline')}
              value={pipelineId}
              onValueChange={(id) => setSearch((q) => (q.set('pipeline', id), q))}
              options={pipelines.map((p) => ({ value: p.id, label: p.name }))}
              className="w-48"
            />
          )}
          <div className="flex rounded-control border border-border" role="group">
            <Link
              to={viewLink('board')}
              className={buttonClasses({ variant: view === 'board' ? 'secondary' : 'ghost', size: 'sm' })}
              aria-current={view === 'board'}
            >
              {t('crm.deals.board')}
            </Link>
            <Link
              to={viewLink('table')}
              className={buttonClasses({ variant: view === 'table' ? 'secondary' : 'ghost', size: 'sm' })}
              aria-current={view === 'table'}
            >
              {t('crm.deals.table')}
            </Link>
          </div>
        </div>
        {canEdit && (
          <ApiFormDialog
            formId="deal-form"
            title={t('crm.deals.add')}
            trigger={<Button size="sm">{t('crm.deals.add')}</Button>}
            submitLabel={t('crm.contact.save')}
            formClassName="grid gap-4 sm:grid-cols-2"
            submit={(form) => {
              const amount = String(form.get('amount') ?? '')
                .trim()
                .replace(',', '.');
              return api(`/api/v1/projects/${projectId}/crm/deals`, {
                method: 'POST',
                json: {
                  title: String(form.get('title') ?? '').trim(),
                  amount: amount ? Number(amount) : null,
                  currency,
                  pipelineId,
                  stageId,
                  closeDate: String(form.get('closeDate') ?? '') || null,
                },
              });
            }}
          >
            {(failure) => {
              const error = apiFieldMessages(t, failure, 'crm');
              return (
                <>
                  <FormField label={t('crm.deals.title')} error={error('title')} className="sm:col-span-2">
                    <Input name="title" />
                  </FormField>
                  <FormField label={t('crm.deals.amount')} error={error('amount')}>
                    <Input name="amount" inputMode="decimal" />
                  </FormField>
                  <FormField label={t('crm.deals.currency')}>
                    <Select
                      value={currency}
                      onValueChange={setCurrency}
                      options={CURRENCIES.map((c) => ({ value: c, label: c }))}
                    />
                  </FormField>
                  <FormField label={t('crm.deals.stage')}>
                    <Select
                      value={stageId}
                      onValueChange={setStageId}
                      options={pipeline.stages.map((s) => ({ value: s.id, label: s.name }))}
                    />
                  </FormField>
                  <FormField label={t('crm.deals.closeDate')} error={error('closeDate')}>
                    <Input name="closeDate" type="date" />
                  </FormField>
                </>
              );
            }}
          </ApiFormDialog>
        )}
      </div>
      {view === 'board' ? (
        <DealBoard projectId={projectId} columns={columns} canEdit={canEdit} />
      ) : (
        <Table>
          <TableHead>
            <TableRow>
              <TableHeaderCell>{t('crm.deals.title')}</TableHeaderCell>
              <TableHeaderCell>{t('crm.deals.contact')}</TableHeaderCell>
              <TableHeaderCell>{t('crm.deals.amount')}</TableHeaderCell>
              <TableHeaderCell>{t('crm.deals.closeDate')}</TableHeaderCell>
              <TableHeaderCell>{t('crm.deals.stage')}</TableHeaderCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {columns.flatMap((c) =>
              c.deals.map((d) => (
                <TableRow key={d.id} data-testid="crm-deal-row">
                  <TableCell className="font-medium text-fg">{d.title}</TableCell>
                  <TableCell>
                    {d.contactId ? (
                      <Link to={`/p/${projectId}/crm/contacts/${d.contactId}`} className="hover:underline">
                        {d.contactName || t('crm.contacts.noName')}
                      </Link>
                    ) : (
                      '—'
                    )}
                  </TableCell>
                  <TableCell className="whitespace-nowrap">
                    {formatMoney(d.amount, d.currency, locale)}
                  </TableCell>
                  <TableCell>{d.closeDate ?? '—'}</TableCell>
                  <TableCell>
                    {canEdit ? (
                      <Select
                        aria-label={t('crm.deals.moveTo')}
                        value={d.stageId}
                        onValueChange={(target) => void moveTo(d.id, target)}
                        options={pipeline.stages.map((s) => ({ value: s.id, label: s.name }))}
                        className="w-40"
                      />
                    ) : (
                      c.stage.name
                    )}
                  </TableCell>
                </TableRow>
              )),
            )}
          </TableBody>
        </Table>
      )}
    </div>
  );
}
