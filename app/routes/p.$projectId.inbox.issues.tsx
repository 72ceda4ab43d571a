import { Form, Link, useFetcher, useLoaderData, useSearchParams } from '@remix-run/react';
import { useState } from 'react';
import { ISSUE_STATUSES } from '~/lib/calls/issue-values';
import { reasonKey } from '~/components/inbox/flag-dialog';
import { formatDateTime } from '~/components/inbox/format';
import { InboxIcon } from '~/components/icons';
import { Button, buttonClasses } from '~/components/ui/button';
import { EmptyState } from '~/components/ui/empty-state';
import { Select } from '~/components/ui/select';
import { useLocale, useT } from '~/i18n';
import { can } from '~/.server/access/permissions';
import { queryParams } from '~/.server/api/api-error';
import {
  issueListQuery,
  listIssues,
  updateIssue,
  updateIssueInput,
} from '~/.server/calls/call-issues.server';
import { listMembers } from '~/.server/members/members.server';
import { readForm } from '~/.server/forms/read-form';
import { projectAction, projectLoader } from '~/.server/http/project-route';

export const loader = projectLoader({ permission: 'calls.read' }, async ({ request, access }) => {
  const status = queryParams(request).get('status') ?? '';
  const query = issueListQuery.parse({
    ...((ISSUE_STATUSES as readonly string[]).includes(status) ? { status } : {}),
    limit: 200,
  });
  const [page, members] = await Promise.all([
    listIssues(access.projectId, query),
    listMembers(access.projectId),
  ]);
  return {
    projectId: access.projectId,
    issues: page.issues,
    members: members.map((m) => ({ id: m.userId, name: m.name || m.email })),
    canManage: can(access.role, 'calls.flag'),
  };
});

/** Status and assignee of one issue (calls.flag). */
export const action = projectAction({ permission: 'calls.flag' }, async ({ request, ctx }) => {
  const form = await readForm(request);
  const assignee = String(form.get('assigneeId') ?? '');
  const input = updateIssueInput.parse({
    status: form.get('status') ?? undefined,
    assigneeId: assignee === '' || assignee === '_none' ? null : assignee,
  });
  await updateIssue(ctx, String(form.get('issueId') ?? ''), input);
  return { ok: true as const };
});

type IssueRow = ReturnType<typeof useLoaderData<typeof loader>>['issues'][number];

function IssueControls({ issue, members }: { issue: IssueRow; members: { id: string; name: string }[] }) {
  const t = useT();
  const fetcher = useFetcher<typeof action>();
  const [status, setStatus] = useState(issue.status);
  const [assignee, setAssignee] = useState(issue.assigneeId ?? '_none');
  return (
    <fetcher.Form method="post" className="flex flex-wrap items-center gap-2">
      <input type="hidden" name="issueId" value={issue.id} />
      <Select
        name="status"
        aria-label={t('inbox.issuesPage.status')}
        value={status}
        onValueChange={setStatus}
        options={ISSUE_STATUSES.map((s) => ({ value: s, label: t(`inbox.statuses.${s}`) }))}
        className="w-36"
      />
      <Select
        name="assigneeId"
        aria-label={t('inbox.issuesPage.assignee')}
        value={assignee}
        onValueChange={setAssignee}
        options={[
          { value: '_none', label: t('inbox.issuesPage.unassigned') },
          ...members.map((m) => ({ value: m.id, label: m.name })),
        ]}
        className="w-44"
      />
      <Button type="submit" size="sm" variant="secondary" disabled={fetcher.state !== 'idle'}>
        {t('inbox.issuesPage.save')}
      </Button>
    </fetcher.Form>
  );
}

/** The project's flagged turns: what was wrong, where, who works on it; each opens its call or the studio. */
export default function InboxIssues() {
  const { projectId, issues, members, canManage } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const [search] = useSearchParams();
  const memberName = new Map(members.map((m) => [m.id, m.name]));
  return (
    <div className="space-y-4" data-testid="issues-page">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 className="text-lg font-semibold text-fg">{t('inbox.issuesPage.title')}</h2>
        <Form method="get" className="flex gap-2">
          <Select
            name="status"
            aria-label={t('inbox.issuesPage.status')}
            defaultValue={search.get('status') ?? '_all'}
            options={[
              { value: '_all', label: t('inbox.issuesPage.allStatuses') },
              ...ISSUE_STATUSES.map((s) => ({ value: s, label: t(`inbox.statuses.${s}`) })),
            ]}
            className="w-40"
          />
          <Button type="submit" size="sm" variant="secondary">
            {t('inbox.filters.apply')}
          </Button>
        </Form>
      </div>
      {issues.length === 0 ? (
        <EmptyState
          icon={<InboxIcon size={20} />}
          title={t('inbox.issuesPage.empty')}
          text={t('inbox.issuesPage.emptyText')}
        />
      ) : (
        <ul className="space-y-2">
          {issues.map((issue) => (
            <li
              key={issue.id}
              className="space-y-2 rounded-panel border border-border bg-surface p-3 shadow-card"
              data-testid="issue-row"
            >
              <div className="flex flex-wrap items-baseline justify-between gap-2 text-sm">
                <span className="font-medium text-fg">{t(reasonKey(issue.reason))}</span>
                <span className="text-xs text-fg-subtle">
                  {formatDateTime(issue.createdAt, locale)} · {t(`inbox.statuses.${issue.status as 'open'}`)}
                  {issue.assigneeId ? ` · ${memberName.get(issue.assigneeId) ?? ''}` : ''}
                </span>
              </div>
              {issue.turn && (
                <blockquote className="rounded-control bg-surface-muted px-3 py-1.5 text-sm">
                  {issue.turn.text}
                </blockquote>
              )}
              {issue.comment && <p className="text-sm text-fg-muted">{issue.comment}</p>}
              <div className="flex flex-wrap items-center gap-2">
                <Link
                  to={`/p/${projectId}/inbox/${issue.callId}`}
                  className={buttonClasses({ variant: 'ghost', size: 'sm' })}
                >
                  {t('inbox.issuesPage.openCall')}
                </Link>
                {issue.studioUrl && (
                  <Link to={issue.studioUrl} className={buttonClasses({ variant: 'ghost', size: 'sm' })}>
                    {t('inbox.card.openInStudio')}
                  </Link>
                )}
                {canManage && <IssueControls issue={issue} members={members} />}
              </div>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
