import type { MetaFunction } from '@remix-run/node';
import type { ShouldRevalidateFunction } from '@remix-run/react';
import {
  Link,
  Outlet,
  useFetcher,
  useLoaderData,
  useNavigate,
  useParams,
  useSearchParams,
} from '@remix-run/react';
import { useCallback, useEffect, useState } from 'react';
import { CallFilters, FILTER_KEYS } from '~/components/inbox/call-filters';
import { CallList } from '~/components/inbox/call-list';
import type { CallListItem } from '~/components/inbox/call-types';
import { api } from '~/components/api/api-client';
import { callPageSchema } from '~/lib/calls/call-list-item';
import { ExportButton } from '~/components/inbox/export-button';
import { useLiveCalls } from '~/components/inbox/use-live-calls';
import { CloseIcon } from '~/components/icons';
import { Button, buttonClasses } from '~/components/ui/button';
import { ConfirmDialog } from '~/components/ui/confirm-dialog';
import { EmptyState } from '~/components/ui/empty-state';
import { Input } from '~/components/ui/input';
import { InboxIcon } from '~/components/icons';
import { useT } from '~/i18n';
import { en } from '~/i18n/en';
import { translatorFromMatches } from '~/i18n/meta';
import { callListQuery, listCalls } from '~/.server/calls/call-query.server';
import { listCallTags } from '~/.server/calls/call-tags.server';
import { readForm } from '~/.server/forms/read-form';
import { queryParams } from '~/.server/api/api-error';
import { agentChoices } from '~/.server/agents/agents.server';
import { deleteView, listSavedViews, saveView, savedViewInput } from '~/.server/calls/saved-views.server';
import { projectAction, projectLoader } from '~/.server/http/project-route';

export const meta: MetaFunction = ({ matches }) => [
  { title: translatorFromMatches(matches, en)('inbox.metaTitle') },
];

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The screen's URL (whole days, "any" choices) as the API's filters; what does not parse is left out. */
function screenFilters(search: URLSearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of FILTER_KEYS) {
    const value = search.get(key)?.trim();
    if (!value || value === '_any' || key === 'tests') continue;
    if (key === 'from') {
      if (DAY.test(value)) out.from = `${value}T00:00:00Z`;
    } else if (key === 'to') {
      if (DAY.test(value)) out.to = new Date(Date.parse(`${value}T00:00:00Z`) + 86_400_000).toISOString();
    } else out[key] = value;
  }
  // Real calls by default; test conversations when the toggle (or the direction filter) asks for them.
  if (!out.direction && search.get('tests') !== 'show') out.direction = 'inbound,outbound,browser';
  for (;;) {
    const parsed = callListQuery.safeParse(out);
    if (parsed.success) return out;
    const bad = new Set(parsed.error.issues.map((i) => String(i.path[0])));
    if (bad.size === 0) return {};
    for (const key of bad) delete out[key];
  }
}

export const loader = projectLoader({ permission: 'calls.read' }, async ({ request, access, user }) => {
  const search = queryParams(request);
  const filters = screenFilters(search);
  const [page, agents, views, tags] = await Promise.all([
    listCalls(access.projectId, callListQuery.parse({ ...filters, limit: 50 })),
    agentChoices(access.projectId),
    listSavedViews(access.projectId, user.id),
    listCallTags(access.projectId),
  ]);
  const screen: Record<string, string> = {};
  for (const key of FILTER_KEYS) {
    const v = search.get(key);
    if (v && v !== '_any' && !(key === 'sort' && v === '-startedAt')) screen[key] = v;
  }
  return {
    projectId: access.projectId,
    calls: page.calls,
    nextCursor: page.nextCursor,
    apiQuery: new URLSearchParams(filters).toString(),
    screen,
    agents,
    tags,
    views,
  };
});

/** Saved views belong to the person who saved them, in this project (an audited service). */
export const action = projectAction({ permission: 'calls.read' }, async ({ request, ctx }) => {
  const form = await readForm(request);
  if (form.get('intent') === 'delete-view') {
    await deleteView(ctx, String(form.get('viewId') ?? ''));
    return { ok: true as const };
  }
  const input = savedViewInput.parse({ name: form.get('name'), query: form.get('query') ?? '' });
  // Only the list's own filters are kept: a view never carries anything else of the URL.
  const query = new URLSearchParams(input.query);
  const kept = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    const v = query.get(key);
    if (v) kept.set(key, v);
  }
  await saveView(ctx, { name: input.name, query: kept.toString() });
  return { ok: true as const };
});

/**
 * The list keeps itself current (useLiveCalls), so a live call card refreshing itself does not reload the
 * list (which would drop the pages scrolled in); navigation and actions still do.
 */
export const shouldRevalidate: ShouldRevalidateFunction = ({
  currentUrl,
  nextUrl,
  formMethod,
  defaultShouldRevalidate,
}) => {
  if (!formMethod && currentUrl.href === nextUrl.href) return false;
  return defaultShouldRevalidate;
};

export default function InboxLayout() {
  const data = useLoaderData<typeof loader>();
  const t = useT();
  const navigate = useNavigate();
  const params = useParams();
  const [search] = useSearchParams();
  const [calls, setCalls] = useState<CallListItem[]>(data.calls);
  const [cursor, setCursor] = useState<string | null>(data.nextCursor);
  const [loadingMore, setLoadingMore] = useState(false);
  const viewFetcher = useFetcher<typeof action>();
  const base = `/p/${data.projectId}/inbox`;
  const qs = search.toString();
  const hrefOf = useCallback((id: string) => `${base}/${id}${qs ? `?${qs}` : ''}`, [base, qs]);

  // New filters (or a revalidation after a flag) bring a fresh first page.
  useEffect(() => {
    setCalls(data.calls);
    setCursor(data.nextCursor);
  }, [data.calls, data.nextCursor]);

  // New calls appear on top while the default newest-first list is open.
  const liveUrl =
    !search.get('sort') || search.get('sort') === '-startedAt'
      ? (`/api/v1/projects/${data.projectId}/calls?${new URLSearchParams({ ...Object.fromEntries(new URLSearchParams(data.apiQuery)), limit: '50' }).toString()}` as const)
      : null;
  useLiveCalls(data.projectId, liveUrl, setCalls);

  const loadMore = useCallback(() => {
    if (!cursor || loadingMore) return;
    setLoadingMore(true);
    const query = new URLSearchParams(data.apiQuery);
    query.set('cursor', cursor);
    query.set('limit', '100');
    void api(`/api/v1/projects/${data.projectId}/calls`, { query, schema: callPageSchema })
      .then((answered) => {
        if (!answered.ok) return;
        const page = answered.data;
        setCalls((current) => {
          const seen = new Set(current.map((c) => c.id));
          return [...current, ...page.calls.filter((c) => !seen.has(c.id))];
        });
        setCursor(page.nextCursor);
      })
      .finally(() => setLoadingMore(false));
  }, [cursor, loadingMore, data.apiQuery, data.projectId]);

  // j/k or the arrow keys move through the list (not while typing in a field).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
      if (document.querySelector('[role="dialog"]')) return;
      const step = e.key === 'j' || e.key === 'ArrowDown' ? 1 : e.key === 'k' || e.key === 'ArrowUp' ? -1 : 0;
      if (step === 0 || e.metaKey || e.ctrlKey || e.altKey) return;
      e.preventDefault();
      const index = calls.findIndex((c) => c.id === params.callId);
      const next = calls[Math.min(calls.length - 1, Math.max(0, index === -1 ? 0 : index + step))];
      if (next && next.id !== params.callId) navigate(hrefOf(next.id));
      if (index >= calls.length - 5) loadMore();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [calls, params.callId, navigate, hrefOf, loadMore]);

  return (
    <div className="-mx-4 -my-6 flex h-[calc(100dvh-3.5rem)] min-h-0 sm:-mx-6 md:-mx-10 md:-my-10 md:h-dvh">
      <aside
        className={`flex w-full min-w-0 flex-col border-r border-border bg-surface md:w-96 md:shrink-0 ${params.callId ? 'hidden md:flex' : 'flex'}`}
      >
        <div className="space-y-3 border-b border-border p-3">
          <div className="flex items-center justify-between gap-2">
            <h1 className="text-lg font-semibold text-fg">{t('inbox.title')}</h1>
            <Link to={`${base}/issues`} className={buttonClasses({ variant: 'ghost', size: 'sm' })}>
              {t('inbox.issuesPage.link')}
            </Link>
            <ExportButton
              href={`/api/v1/projects/${data.projectId}/calls.csv${data.apiQuery ? `?${data.apiQuery}` : ''}`}
            />
          </div>
          <CallFilters values={data.screen} agents={data.agents} tags={data.tags} resetHref={base} key={qs} />
          <div className="space-y-1">
            <p className="text-xs font-medium text-fg-muted">{t('inbox.views.title')}</p>
            <div className="flex flex-wrap gap-1">
              {data.views.length === 0 && (
                <span className="text-xs text-fg-subtle">{t('inbox.views.none')}</span>
              )}
              {data.views.map((view) => (
                <span
                  key={view.id}
                  className="inline-flex items-center rounded-full bg-surface-muted text-xs"
                >
                  <a
                    href={`${base}${view.query ? `?${view.query}` : ''}`}
                    className="px-2 py-1 text-fg hover:underline"
                  >
                    {view.name}
                  </a>
                  <ConfirmDialog
                    title={t('newUser.confirm.viewTitle', { name: view.name })}
                    description={t('newUser.confirm.viewText')}
                    trigger={
                      <button
                        type="button"
                        className="rounded-full p-1 text-fg-subtle hover:text-fg"
                        aria-label={t('inbox.views.remove', { name: view.name })}
                      >
                        <CloseIcon size={12} />
                      </button>
                    }
                    confirmLabel={t('newUser.confirm.removeButton')}
                    onConfirm={() =>
                      viewFetcher.submit({ intent: 'delete-view', viewId: view.id }, { method: 'post' })
                    }
                  />
                </span>
              ))}
            </div>
            <viewFetcher.Form method="post" className="flex gap-1">
              <input type="hidden" name="intent" value="save-view" />
              <input type="hidden" name="query" value={qs} />
              <Input
                name="name"
                placeholder={t('inbox.views.name')}
                aria-label={t('inbox.views.name')}
                className="h-8"
              />
              <Button type="submit" size="sm" variant="ghost">
                {t('inbox.views.save')}
              </Button>
            </viewFetcher.Form>
          </div>
          <p className="text-[11px] text-fg-subtle">{t('inbox.keyboardHint')}</p>
        </div>
        {calls.length === 0 ? (
          <EmptyState
            icon={<InboxIcon size={20} />}
            title={t('inbox.empty')}
            text={t('inbox.emptyText')}
            className="m-3"
          />
        ) : (
          <CallList
            calls={calls}
            selectedId={params.callId ?? null}
            hrefOf={hrefOf}
            hasMore={cursor !== null}
            loadingMore={loadingMore}
            onLoadMore={loadMore}
          />
        )}
      </aside>
      {/* Not a second `main`: the app shell's is the page's one landmark. */}
      <div className={`min-w-0 flex-1 overflow-y-auto p-4 ${params.callId ? 'block' : 'hidden md:block'}`}>
        <Outlet />
      </div>
    </div>
  );
}
