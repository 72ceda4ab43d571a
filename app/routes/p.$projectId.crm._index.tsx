import { Form, Link, useLoaderData, useSearchParams } from '@remix-run/react';
import { useState } from 'react';
import { ContactDialog } from '~/components/crm/contact-dialog';
import { downloadFromApi } from '~/components/crm/download';
import { ImportDialog } from '~/components/crm/import-dialog';
import { UserIcon } from '~/components/icons';
import { Button, buttonClasses } from '~/components/ui/button';
import { EmptyState } from '~/components/ui/empty-state';
import { Input } from '~/components/ui/input';
import { Select } from '~/components/ui/select';
import { Table, TableBody, TableCell, TableHead, TableHeaderCell, TableRow } from '~/components/ui/table';
import { formatDateTime } from '~/components/inbox/format';
import { useLocale, useT } from '~/i18n';
import { can } from '~/.server/access/permissions';
import { queryParams } from '~/.server/api/api-error';
import { contactTags, listContacts } from '~/.server/crm/contacts.server';
import { contactListQuery } from '~/.server/crm/crm-inputs';
import { listFields } from '~/.server/crm/fields.server';
import { projectLoader } from '~/.server/http/project-route';
import { listMembers } from '~/.server/members/members.server';

export const loader = projectLoader({ permission: 'crm.read' }, async ({ request, access }) => {
  const params = queryParams(request);
  const parsed = contactListQuery.safeParse({
    q: params.get('q') || undefined,
    tag: params.get('tag') && params.get('tag') !== '_any' ? params.get('tag') : undefined,
    ownerId: params.get('owner') && params.get('owner') !== '_any' ? params.get('owner') : undefined,
    cursor: params.get('cursor') || undefined,
    limit: 50,
  });
  const query = parsed.success ? parsed.data : contactListQuery.parse({ limit: 50 });
  const [page, fields, tagRows, members] = await Promise.all([
    listContacts(access.projectId, query),
    listFields(access.projectId),
    contactTags(access.projectId),
    listMembers(access.projectId),
  ]);
  return {
    projectId: access.projectId,
    ...page,
    fields,
    tags: tagRows,
    members: members.map((m) => ({ id: m.userId, name: m.name || m.email })),
    canEdit: can(access.role, 'crm.edit'),
    searching: Boolean(query.q || query.tag || query.ownerId),
  };
});

/** Contacts: search by name, phone, email or company, filter by tag; add, import, export. */
export default function CrmContacts() {
  const { projectId, contacts, nextCursor, fields, tags, members, canEdit, searching } =
    useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const [search] = useSearchParams();
  const [exporting, setExporting] = useState(false);
  const more = new URLSearchParams(search);
  if (nextCursor) more.set('cursor', nextCursor);
  return (
    <div className="space-y-4" data-testid="crm-contacts">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <Form method="get" className="flex flex-1 flex-wrap items-center gap-2">
          <Input
            name="q"
            type="search"
            defaultValue={search.get('q') ?? ''}
            placeholder={t('crm.contacts.search')}
            aria-label={t('crm.contacts.search')}
            className="max-w-sm"
          />
          {tags.length > 0 && (
            <Select
              name="tag"
              aria-label={t('crm.contacts.tag')}
              defaultValue={search.get('tag') ?? '_any'}
              options={[
                { value: '_any', label: t('crm.contacts.anyTag') },
                ...tags.map((x) => ({ value: x, label: x })),
              ]}
              className="w-40"
            />
          )}
          <Select
            name="owner"
            aria-label={t('crm.contact.owner')}
            defaultValue={search.get('owner') ?? '_any'}
            options={[
              { value: '_any', label: t('crm.contacts.anyOwner') },
              ...members.map((m) => ({ value: m.id, label: m.name })),
            ]}
            className="w-44"
          />
          <Button type="submit" size="sm" variant="secondary">
            {t('crm.contacts.searchButton')}
          </Button>
        </Form>
        {canEdit && (
          <div className="flex flex-wrap gap-2">
            <ContactDialog
              projectId={projectId}
              fields={fields}
              members={members}
              trigger={<Button size="sm">{t('crm.contacts.add')}</Button>}
            />
            <ImportDialog
              projectId={projectId}
              fields={fields}
              trigger={
                <Button size="sm" variant="secondary">
                  {t('crm.contacts.import')}
                </Button>
              }
            />
            <Button
              size="sm"
              variant="secondary"
              loading={exporting}
              onClick={() => {
                setExporting(true);
                void downloadFromApi(
                  `/api/v1/projects/${projectId}/crm/contacts.csv`,
                  `contacts-${new Date().toISOString().slice(0, 10)}.csv`,
                ).finally(() => setExporting(false));
              }}
            >
              {t('crm.contacts.export')}
            </Button>
          </div>
        )}
      </div>
      {contacts.length === 0 ? (
        searching ? (
          <p className="text-sm text-fg-muted">{t('crm.contacts.noMatch')}</p>
        ) : (
          <EmptyState
            icon={<UserIcon size={20} />}
            title={t('crm.contacts.emptyTitle')}
            text={t('crm.contacts.emptyText')}
          />
        )
      ) : (
        <Table>
          <TableHead>
            <TableRow>
              <TableHeaderCell>{t('crm.contacts.name')}</TableHeaderCell>
              <TableHeaderCell>{t('crm.contacts.phones')}</TableHeaderCell>
              <TableHeaderCell>{t('crm.contacts.emails')}</TableHeaderCell>
              <TableHeaderCell>{t('crm.contacts.company')}</TableHeaderCell>
              <TableHeaderCell>{t('crm.contacts.tags')}</TableHeaderCell>
              <TableHeaderCell>{t('crm.contacts.lastActivity')}</TableHeaderCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {contacts.map((c) => (
              <TableRow key={c.id} data-testid="crm-contact-row">
                <TableCell>
                  <Link
                    to={`/p/${projectId}/crm/contacts/${c.id}`}
                    className="font-medium text-fg hover:underline"
                  >
                    {c.name || t('crm.contacts.noName')}
                  </Link>
                </TableCell>
                <TableCell className="whitespace-nowrap">{c.phones.join(', ')}</TableCell>
                <TableCell>{c.emails.join(', ')}</TableCell>
                <TableCell>{c.company}</TableCell>
                <TableCell>
                  <span className="flex flex-wrap gap-1">
                    {c.tags.map((tag) => (
                      <span key={tag} className="rounded bg-surface-muted px-1.5 text-xs text-fg-muted">
                        {tag}
                      </span>
                    ))}
                  </span>
                </TableCell>
                <TableCell className="whitespace-nowrap text-fg-muted">
                  {c.lastActivityAt ? formatDateTime(c.lastActivityAt, locale) : '—'}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {nextCursor && (
        <Link to={`?${more.toString()}`} className={buttonClasses({ variant: 'secondary', size: 'sm' })}>
          {t('crm.contacts.more')}
        </Link>
      )}
    </div>
  );
}
