import { Link, useLoaderData, useRevalidator, useSearchParams } from '@remix-run/react';
import { api } from '~/components/api/api-client';
import { formatMoney } from '~/components/crm/crm-types';
import { DealBoard } from '~/components/crm/deal-board';
import { DealDialog } from '~/components/crm/deal-dialog';
import { Button, buttonClasses } from '~/components/ui/button';
import { Select } from '~/components/ui/select';
import { Table, TableBody, TableCell, TableHead, TableHeaderCell, TableRow } from '~/components/ui/table';
import { useLocale, useT } from '~/i18n';
import { can } from '~/.server/access/permissions';
import { queryParams } from '~/.server/api/api-error';
import { dealBoard } from '~/.server/crm/deals.server';
import { listFields } from '~/.server/crm/fields.server';
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
    fields: await listFields(access.projectId),
  };
});

/** Deals of one pipeline: a board by stage with drag and drop, or a table. */
export default function CrmDeals() {
  const { projectId, pipelines, pipelineId, columns, canEdit, fields } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const revalidator = useRevalidator();
  const [search, setSearch] = useSearchParams();
  const view = search.get('view') === 'table' ? 'table' : 'board';
  const pipeline = pipelines.find((p) => p.id === pipelineId)!;
  const dealFields = fields.filter((f) => f.entity === 'deal');
  const fieldText = (v: string | number | boolean | null | undefined) =>
    v === null || v === undefined || v === ''
      ? '—'
      : typeof v === 'boolean'
        ? t(v ? 'crm.deals.yes' : 'crm.deals.no')
        : String(v);
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
          <DealDialog
            key={pipelineId}
            projectId={projectId}
            pipeline={pipeline}
            fields={fields}
            trigger={<Button size="sm">{t('crm.deals.add')}</Button>}
          />
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
              {dealFields.map((f) => (
                <TableHeaderCell key={f.id}>{f.label}</TableHeaderCell>
              ))}
              <TableHeaderCell>{t('crm.deals.stage')}</TableHeaderCell>
              {canEdit && <TableHeaderCell />}
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
                  {dealFields.map((f) => (
                    <TableCell key={f.id} data-field={f.key}>
                      {fieldText(d.fields[f.key])}
                    </TableCell>
                  ))}
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
                  {canEdit && (
                    <TableCell>
                      <DealDialog
                        projectId={projectId}
                        pipeline={pipeline}
                        fields={fields}
                        deal={d}
                        trigger={
                          <Button size="sm" variant="ghost">
                            {t('crm.deals.edit')}
                          </Button>
                        }
                      />
                    </TableCell>
                  )}
                </TableRow>
              )),
            )}
          </TableBody>
        </Table>
      )}
    </div>
  );
}
