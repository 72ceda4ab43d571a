import type { MetaFunction } from '@remix-run/node';
import { Link, useFetcher, useLoaderData, useRevalidator } from '@remix-run/react';
import { useEffect, useRef, useState } from 'react';
import { z } from 'zod';
import {
  failureMessage,
  fieldMessage,
  isFailure,
  type FormFailureData,
} from '~/components/forms/form-messages';
import { api } from '~/components/api/api-client';
import { apiFailureMessage } from '~/components/api/api-failure-message';
import { SourceStatusBadge } from '~/components/knowledge/status-badge';
import { TestSearch } from '~/components/knowledge/test-search';
import { KnowledgeBaseManage } from '~/components/knowledge/knowledge-base-manage';
import { PlusIcon } from '~/components/icons';
import { Button } from '~/components/ui/button';
import { ConfirmDialog } from '~/components/ui/confirm-dialog';
import { Dialog } from '~/components/ui/dialog';
import { FormField } from '~/components/ui/form-field';
import { Input } from '~/components/ui/input';
import { PageHeader } from '~/components/ui/page-header';
import { Table, TableBody, TableCell, TableHead, TableHeaderCell, TableRow } from '~/components/ui/table';
import { Textarea } from '~/components/ui/textarea';
import { useLocale, useT } from '~/i18n';
import { en } from '~/i18n/en';
import { translatorFromMatches } from '~/i18n/meta';
import { can } from '~/.server/access/permissions';
import { isUuid } from '~/.server/access/project-access.server';
import { pageFailure } from '~/.server/forms/form-result';
import {
  qaSourceInput,
  qaSourceUpdateInput,
  updateKnowledgeBaseInput,
  urlSourceInput,
} from '~/.server/knowledge-base/source-input';
import {
  addQaSource,
  addUrlSource,
  deleteSource,
  listSources,
  reindexSource,
  updateQaSource,
} from '~/.server/knowledge-base/sources.server';
import { readForm } from '~/.server/forms/read-form';
import { projectAction, projectLoader } from '~/.server/http/project-route';
import { MISSING } from '~/.server/http/missing';
import {
  deleteKnowledgeBase,
  knowledgeBaseUsers,
  renameKnowledgeBase,
  requireKnowledgeBase,
} from '~/.server/knowledge-base/knowledge-bases.server';

export const meta: MetaFunction = ({ matches }) => [
  { title: translatorFromMatches(matches, en)('knowledge.metaTitle') },
];

export const loader = projectLoader(
  { permission: 'knowledge.read', ids: { knowledgeBaseId: MISSING.knowledgeBase } },
  async ({ access, ids }) => {
    const kb = await requireKnowledgeBase(access.projectId, ids.knowledgeBaseId);
    return {
      projectId: access.projectId,
      kb,
      usedBy: await knowledgeBaseUsers(access.projectId, kb.id),
      canEdit: can(access.role, 'knowledge.edit'),
      sources: await listSources(access.projectId, kb.id),
    };
  },
);

const optionalNumber = (v: FormDataEntryValue | null) =>
  typeof v === 'string' && v.trim() ? Number(v) : undefined;
const intent = z.enum(['url', 'qa', 'qa-edit', 'reindex', 'remove', 'rename', 'delete-base']);

export const action = projectAction(
  { permission: 'knowledge.edit', ids: { knowledgeBaseId: MISSING.knowledgeBase } },
  async ({ request, ctx, ids }) => {
    const kbId = ids.knowledgeBaseId;
    const form = await readForm(request);
    const which = intent.parse(form.get('intent'));
    if (which === 'url') {
      const input = urlSourceInput.parse({
        url: form.get('url'),
        crawlDepth: optionalNumber(form.get('crawlDepth')),
        crawlMaxPages: optionalNumber(form.get('crawlMaxPages')),
        syncIntervalHours: optionalNumber(form.get('syncIntervalHours')) ?? null,
      });
      await addUrlSource(ctx, kbId, input);
      return { ok: true as const };
    }
    if (which === 'rename') {
      await renameKnowledgeBase(ctx, kbId, updateKnowledgeBaseInput.parse({ name: form.get('name') }));
      return { ok: true as const };
    }
    if (which === 'delete-base') {
      await deleteKnowledgeBase(ctx, kbId);
      return { ok: true as const, deleted: true as const };
    }
    if (which === 'qa') {
      const input = qaSourceInput.parse({ question: form.get('question'), answer: form.get('answer') });
      await addQaSource(ctx, kbId, input);
      return { ok: true as const };
    }
    const sourceId = String(form.get('sourceId') ?? '');
    if (!isUuid(sourceId)) return pageFailure(404, MISSING.source.code);
    if (which === 'qa-edit') {
      const input = qaSourceUpdateInput.parse({ question: form.get('question'), answer: form.get('answer') });
      await updateQaSource(ctx, kbId, sourceId, input);
      return { ok: true as const };
    }
    if (which === 'reindex') await reindexSource(ctx, kbId, sourceId);
    else await deleteSource(ctx, kbId, sourceId);
    return { ok: true as const };
  },
);

/** A dialog whose form posts through a fetcher and closes itself when the post succeeds. */
function SourceDialog({
  title,
  trigger,
  children,
  testId,
  submitLabel,
}: {
  title: string;
  trigger: React.ReactNode;
  children: (failure: FormFailureData | undefined) => React.ReactNode;
  testId: string;
  submitLabel?: string;
}) {
  const t = useT();
  const fetcher = useFetcher<typeof action>();
  const [open, setOpen] = useState(false);
  const failure = isFailure(fetcher.data) ? fetcher.data : undefined;
  useEffect(() => {
    if (fetcher.state === 'idle' && fetcher.data && !isFailure(fetcher.data)) setOpen(false);
  }, [fetcher.state, fetcher.data]);
  return (
    <Dialog
      open={open}
      onOpenChange={setOpen}
      trigger={trigger}
      title={title}
      footer={
        <Button type="submit" form={testId} disabled={fetcher.state !== 'idle'}>
          {submitLabel ?? t('knowledge.add')}
        </Button>
      }
    >
      <fetcher.Form method="post" id={testId} className="space-y-4" noValidate>
        {failure && failure.code !== 'validation_failed' && (
          <p role="alert" className="text-sm text-danger">
            {failureMessageFor(t, failure.code)}
          </p>
        )}
        {children(failure)}
      </fetcher.Form>
    </Dialog>
  );
}

function UploadButton({ projectId, kbId }: { projectId: string; kbId: string }) {
  const t = useT();
  const input = useRef<HTMLInputElement>(null);
  const revalidator = useRevalidator();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function upload(file: File) {
    setBusy(true);
    setError(null);
    const form = new FormData();
    form.append('file', file);
    try {
      const sent = await api(`/api/v1/projects/${projectId}/knowledge-bases/${kbId}/sources`, { form });
      if (!sent.ok) setError(apiFailureMessage(t, sent.error, 'knowledge'));
      revalidator.revalidate();
    } finally {
      setBusy(false);
      if (input.current) input.current.value = '';
    }
  }
  return (
    <div className="flex flex-col items-end gap-1">
      <input
        ref={input}
        type="file"
        className="sr-only"
        data-testid="upload-input"
        accept=".pdf,.docx,.txt,.md,.markdown,.html,.htm,.csv"
        onChange={(e) => {
          const file = e.target.files?.[0];
          if (file) void upload(file);
        }}
      />
      <Button
        variant="secondary"
        disabled={busy}
        onClick={() => input.current?.click()}
        title={t('knowledge.uploadHint')}
      >
        {t('knowledge.upload')}
      </Button>
      {error && (
        <p role="alert" className="text-xs text-danger">
          {error}
        </p>
      )}
    </div>
  );
}

/** Knowledge refusals (private URL, file type or size) have their own words; the rest are the shared ones. */
function failureMessageFor(t: ReturnType<typeof useT>, code: string): string {
  const key = `knowledge.codes.${code}`;
  const own = (t as (k: string) => string)(key);
  return own === key ? failureMessage(t, { ok: false, code, fields: {} }) : own;
}

const previewSchema = z.object({
  chunks: z.array(
    z.object({
      id: z.string(),
      headingPath: z.array(z.string()),
      text: z.string(),
      /** The page of a crawled site this passage came from. */
      pageUrl: z.string().nullable(),
    }),
  ),
});
type PreviewChunk = z.infer<typeof previewSchema>['chunks'][number];

function SourceRow({
  projectId,
  kbId,
  source,
  canEdit,
}: {
  projectId: string;
  kbId: string;
  source: ReturnType<typeof useLoaderData<typeof loader>>['sources'][number];
  canEdit: boolean;
}) {
  const t = useT();
  const locale = useLocale();
  const fetcher = useFetcher<typeof action>();
  const [chunks, setChunks] = useState<PreviewChunk[] | null>(null);
  async function togglePreview() {
    if (chunks) return setChunks(null);
    const got = await api(`/api/v1/projects/${projectId}/knowledge-bases/${kbId}/sources/${source.id}`, {
      schema: previewSchema,
    });
    if (got.ok) setChunks(got.data.chunks);
  }
  return (
    <>
      <TableRow data-testid={`source-${source.name}`}>
        <TableCell>
          <div className="font-medium text-fg">{source.name}</div>
          <div className="text-xs text-fg-subtle">
            {t(`knowledge.kinds.${source.kind}`)}
            {source.kind === 'qa' && source.answer ? ` · ${source.answer.slice(0, 300)}` : ''}
          </div>
        </TableCell>
        <TableCell>
          <SourceStatusBadge
            status={source.status}
            progress={source.progress}
            error={source.error}
            errorCode={source.errorCode}
          />
        </TableCell>
        <TableCell className="text-fg-muted">{source.chunkCount}</TableCell>
        <TableCell className="text-fg-muted">
          {source.lastIndexedAt ? new Date(source.lastIndexedAt).toLocaleString(locale) : '—'}
        </TableCell>
        <TableCell className="space-x-1 text-right whitespace-nowrap">
          <Button
            variant="ghost"
            size="sm"
            onClick={() => void togglePreview()}
            disabled={source.chunkCount === 0}
          >
            {t('knowledge.preview')}
          </Button>
          {canEdit && (
            <>
              {source.kind === 'qa' && (
                <SourceDialog
                  title={t('knowledge.editQa')}
                  testId={`qa-edit-${source.id}`}
                  submitLabel={t('common.save')}
                  trigger={
                    <Button variant="ghost" size="sm">
                      {t('knowledge.edit')}
                    </Button>
                  }
                >
                  {(failure) => (
                    <>
                      <input type="hidden" name="intent" value="qa-edit" />
                      <input type="hidden" name="sourceId" value={source.id} />
                      <FormField label={t('knowledge.question')} error={fieldMessage(t, failure, 'question')}>
                        <Input
                          name="question"
                          maxLength={1000}
                          defaultValue={source.question ?? ''}
                          required
                        />
                      </FormField>
                      <FormField label={t('knowledge.answer')} error={fieldMessage(t, failure, 'answer')}>
                        <Textarea
                          name="answer"
                          maxLength={5000}
                          rows={5}
                          defaultValue={source.answer ?? ''}
                          required
                        />
                      </FormField>
                    </>
                  )}
                </SourceDialog>
              )}
              <Button
                variant="ghost"
                size="sm"
                onClick={() => fetcher.submit({ intent: 'reindex', sourceId: source.id }, { method: 'post' })}
              >
                {t('knowledge.reindex')}
              </Button>
              <ConfirmDialog
                title={t('newUser.confirm.sourceTitle', { name: source.name })}
                description={t('newUser.confirm.sourceText')}
                trigger={
                  <Button variant="ghost" size="sm">
                    {t('knowledge.remove')}
                  </Button>
                }
                confirmLabel={t('knowledge.remove')}
                onConfirm={() =>
                  fetcher.submit({ intent: 'remove', sourceId: source.id }, { method: 'post' })
                }
              />
            </>
          )}
        </TableCell>
      </TableRow>
      {chunks && (
        <TableRow>
          <TableCell colSpan={5} className="bg-surface-muted">
            <ol className="max-h-80 space-y-2 overflow-y-auto text-sm">
              {chunks.map((c) => (
                <li key={c.id} className="rounded-control border border-border bg-surface p-2">
                  {c.headingPath.length > 0 && (
                    <p className="text-xs text-fg-subtle">{c.headingPath.join(' › ')}</p>
                  )}
                  <p className="whitespace-pre-line">{c.text}</p>
                  {c.pageUrl && (
                    <a
                      href={c.pageUrl}
                      target="_blank"
                      rel="noreferrer noopener"
                      className="mt-1 block truncate text-xs text-fg-subtle underline"
                    >
                      {c.pageUrl}
                    </a>
                  )}
                </li>
              ))}
            </ol>
          </TableCell>
        </TableRow>
      )}
    </>
  );
}

export default function KnowledgeBasePage() {
  const { projectId, kb, canEdit, sources, usedBy } = useLoaderData<typeof loader>();
  const t = useT();
  const revalidator = useRevalidator();
  const busy = sources.some((s) => s.status === 'pending' || s.status === 'indexing');
  // Progress is live: while anything is queued or indexing, the list refreshes every two seconds.
  useEffect(() => {
    if (!busy) return;
    const timer = setInterval(() => {
      if (revalidator.state === 'idle') revalidator.revalidate();
    }, 2000);
    return () => clearInterval(timer);
  }, [busy, revalidator]);

  const actions = canEdit ? (
    <>
      <UploadButton projectId={projectId} kbId={kb.id} />
      <SourceDialog
        title={t('knowledge.addUrl')}
        testId="url-form"
        trigger={
          <Button variant="secondary">
            <PlusIcon /> {t('knowledge.addUrl')}
          </Button>
        }
      >
        {(failure) => (
          <>
            <input type="hidden" name="intent" value="url" />
            <FormField label={t('knowledge.url')} error={fieldMessage(t, failure, 'url')}>
              <Input name="url" type="url" placeholder="https://example.com/faq" required />
            </FormField>
            <div className="grid grid-cols-2 gap-3">
              <FormField label={t('knowledge.crawlDepth')} error={fieldMessage(t, failure, 'crawlDepth')}>
                <Input name="crawlDepth" type="number" min={0} max={5} defaultValue={0} />
              </FormField>
              <FormField
                label={t('knowledge.crawlMaxPages')}
                error={fieldMessage(t, failure, 'crawlMaxPages')}
              >
                <Input name="crawlMaxPages" type="number" min={1} max={500} defaultValue={20} />
              </FormField>
            </div>
            <FormField label={t('knowledge.sync')} hint={t('knowledge.syncHint')}>
              <Input name="syncIntervalHours" type="number" min={1} max={720} />
            </FormField>
          </>
        )}
      </SourceDialog>
      <SourceDialog
        title={t('knowledge.addQa')}
        testId="qa-form"
        trigger={
          <Button>
            <PlusIcon /> {t('knowledge.addQa')}
          </Button>
        }
      >
        {(failure) => (
          <>
            <input type="hidden" name="intent" value="qa" />
            <FormField label={t('knowledge.question')} error={fieldMessage(t, failure, 'question')}>
              <Input name="question" maxLength={1000} required />
            </FormField>
            <FormField label={t('knowledge.answer')} error={fieldMessage(t, failure, 'answer')}>
              <Textarea name="answer" maxLength={5000} rows={5} required />
            </FormField>
          </>
        )}
      </SourceDialog>
    </>
  ) : undefined;

  return (
    <div className="space-y-6">
      <Link to={`/p/${projectId}/knowledge`} className="text-sm text-fg-muted hover:text-fg">
        ← {t('knowledge.back')}
      </Link>
      <PageHeader title={kb.name} description={kb.description || undefined} actions={actions} />
      <KnowledgeBaseManage projectId={projectId} kb={kb} usedBy={usedBy} canEdit={canEdit} />
      {sources.length === 0 ? (
        <p className="rounded-panel border border-dashed border-border-strong bg-surface p-8 text-center text-sm text-fg-muted">
          {t('knowledge.noSources')}
        </p>
      ) : (
        <div className="overflow-x-auto rounded-panel border border-border bg-surface shadow-card">
          <Table>
            <TableHead>
              <TableRow>
                <TableHeaderCell>{t('knowledge.colSource')}</TableHeaderCell>
                <TableHeaderCell>{t('knowledge.colStatus')}</TableHeaderCell>
                <TableHeaderCell>{t('knowledge.colPassages')}</TableHeaderCell>
                <TableHeaderCell>{t('knowledge.colIndexed')}</TableHeaderCell>
                <TableHeaderCell>
                  <span className="sr-only">{t('knowledge.reindex')}</span>
                </TableHeaderCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {sources.map((s) => (
                <SourceRow key={s.id} projectId={projectId} kbId={kb.id} source={s} canEdit={canEdit} />
              ))}
            </TableBody>
          </Table>
        </div>
      )}
      <TestSearch projectId={projectId} knowledgeBaseId={kb.id} />
    </div>
  );
}
