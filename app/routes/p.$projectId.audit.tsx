import type { MetaFunction } from '@remix-run/node';
import { Form, Link, useLoaderData, useSearchParams } from '@remix-run/react';
import { InboxIcon } from '~/components/icons';
import { buttonClasses, Button } from '~/components/ui/button';
import { EmptyState } from '~/components/ui/empty-state';
import { FormField } from '~/components/ui/form-field';
import { Input } from '~/components/ui/input';
import { PageHeader } from '~/components/ui/page-header';
import { Select } from '~/components/ui/select';
import { Table, TableBody, TableCell, TableHead, TableHeaderCell, TableRow } from '~/components/ui/table';
import { auditActionLabel, auditTargetLabel } from '~/lib/audit-words';
import { useLocale, useT } from '~/i18n';
import { en } from '~/i18n/en';
import { translatorFromMatches } from '~/i18n/meta';
import { auditQuery, queryAuditLog } from '~/.server/audit/audit-query.server';
import { queryParams } from '~/.server/api/api-error';
import { projectLoader } from '~/.server/http/project-route';

export const meta: MetaFunction = ({ matches }) => [
  { title: translatorFromMatches(matches, en)('audit.metaTitle') },
];

const FAMILIES = ['auth', 'member', 'api_key', 'project', 'credential', 'audit'] as const;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The screen's filters (a family, whole days) as the API's query. */
function apiFilters(search: URLSearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  const family = search.get('family');
  if (family && (FAMILIES as readonly string[]).includes(family)) out.action = `${family}.*`;
  const from = search.get('from');
  if (from && DAY.test(from)) out.from = `${from}T00:00:00Z`;
  const to = search.get('to');
  if (to && DAY.test(to)) out.to = new Date(Date.parse(`${to}T00:00:00Z`) + 86_400_000).toISOString();
  return out;
}

export const loader = projectLoader({ permission: 'audit.read' }, async ({ request, access }) => {
  const search = queryParams(request);
  const filters = apiFilters(search);
  const cursor = search.get('cursor');
  const q = auditQuery.parse({
    ...filters,
    ...(cursor && /^\d+$/.test(cursor) ? { cursor } : {}),
    limit: 50,
  });
  const page = await queryAuditLog(access.projectId, q);
  return {
    projectId: access.projectId,
    entries: page.entries.map((e) => ({
      ...e,
      diff: e.diff === null ? null : JSON.stringify(e.diff, null, 2),
    })),
    nextCursor: page.nextCursor,
    exportQuery: new URLSearchParams(filters).toString(),
  };
});

export default function AuditPage() {
  const { projectId, entries, nextCursor, exportQuery } = useLoaderData<typeof loader>();
  const [search] = useSearchParams();
  const t = useT();
  const locale = useLocale();
  const next = new URLSearchParams(search);
  if (nextCursor) next.set('cursor', nextCursor);
  const family = search.get('family') ?? 'all';
  return (
    <div className="space-y-6">
      <PageHeader
        title={t('audit.title')}
        description={t('audit.description')}
        actions={
          <a
            href={`/api/v1/projects/${projectId}/audit-log.csv${exportQuery ? `?${exportQuery}` : ''}`}
            className={buttonClasses({ variant: 'secondary' })}
            download
          >
            {t('audit.exportCsv')}
          </a>
        }
      />
      <Form method="get" className="flex flex-wrap items-end gap-3">
        <FormField label={t('audit.filterAction')} className="w-56">
          <Select
            name="family"
            defaultValue={family}
            options={[
              { value: 'all', label: t('audit.allActions') },
              ...FAMILIES.map((f) => ({ value: f, label: t(`audit.families.${f}`) })),
            ]}
          />
        </FormField>
        <FormField label={t('audit.from')} className="w-40">
          <Input type="date" name="from" defaultValue={search.get('from') ?? ''} />
        </FormField>
        <FormField label={t('audit.to')} className="w-40">
          <Input type="date" name="to" defaultValue={search.get('to') ?? ''} />
        </FormField>
        <Button type="submit" variant="secondary">
          {t('audit.apply')}
        </Button>
      </Form>
      {entries.length === 0 ? (
        <EmptyState icon={<InboxIcon size={20} />} title={t('audit.empty')} />
      ) : (
        <div className="overflow-x-auto rounded-panel border border-border bg-surface shadow-card">
          <Table>
            <TableHead>
              <TableRow>
                <TableHeaderCell>{t('audit.colTime')}</TableHeaderCell>
                <TableHeaderCell>{t('audit.colActor')}</TableHeaderCell>
                <TableHeaderCell>{t('audit.colAction')}</TableHeaderCell>
                <TableHeaderCell>{t('audit.colTarget')}</TableHeaderCell>
                <TableHeaderCell>{t('audit.colAddress')}</TableHeaderCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {entries.map((e) => (
                <TableRow key={e.id} data-testid="audit-entry">
                  <TableCell className="whitespace-nowrap text-fg-muted">
                    {new Date(e.createdAt).toLocaleString(locale)}
                  </TableCell>
                  <TableCell>
                    <span className="text-fg">{e.actorLabel ?? e.actorUserId ?? t('audit.system')}</span>
                    {e.actorType === 'api_key' && (
                      <span className="ml-1.5 text-xs text-fg-subtle">({t('audit.apiKey')})</span>
                    )}
                  </TableCell>
                  <TableCell>
                    <span className="text-fg">{auditActionLabel(t, e.action)}</span>{' '}
                    <code className="rounded bg-surface-hover px-1.5 py-0.5 text-[11px] text-fg-subtle">
                      {e.action}
                    </code>
                    {e.diff && (
                      <details className="mt-1.5">
                        <summary className="cursor-pointer text-xs text-fg-subtle">
                          {t('audit.details')}
                        </summary>
                        <pre className="mt-1 max-w-md overflow-x-auto rounded bg-surface-muted p-2 text-xs">
                          {e.diff}
                        </pre>
                      </details>
                    )}
                  </TableCell>
                  <TableCell className="text-xs text-fg-muted">
                    {e.targetType && <span>{auditTargetLabel(t, e.targetType)}</span>}
                    {e.targetId && <span className="block max-w-48 truncate font-mono">{e.targetId}</span>}
                  </TableCell>
                  <TableCell className="text-xs text-fg-muted">
                    <span className="block">{e.ip}</span>
                    <span className="block max-w-48 truncate" title={e.userAgent ?? undefined} translate="no">
                      {e.userAgent}
                    </span>
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      )}
      {nextCursor && (
        <Link
          to={`?${next.toString()}`}
          className={buttonClasses({ variant: 'secondary' })}
          preventScrollReset
        >
          {t('audit.loadMore')}
        </Link>
      )}
    </div>
  );
}
