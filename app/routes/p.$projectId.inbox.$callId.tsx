import type { RouteGuard } from '~/.server/access/permissions';
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { Link, useLoaderData, useRevalidator, useSearchParams } from '@remix-run/react';
import { useEffect } from 'react';
import { CallCard } from '~/components/inbox/call-card';
import { buttonClasses } from '~/components/ui/button';
import { useT } from '~/i18n';
import { can } from '~/.server/access/permissions';
import type { ProjectAccess } from '~/.server/access/project-access.server';
import { requireProjectPage } from '~/.server/access/project-page.server';
import { serviceContext } from '~/.server/access/service-context';
import { fieldErrors } from '~/.server/api/api-error';
import { ServiceError } from '~/.server/errors/service-error';
import { getCallDetail } from '~/.server/calls/call-detail.server';
import { createIssue, createIssueInput } from '~/.server/calls/call-issues.server';
import { callTagsInput, listCallTags, setCallTags } from '~/.server/calls/call-tags.server';
import { listKnowledgeBases } from '~/.server/knowledge-base/knowledge-bases.server';
import { addQaFromCall } from '~/.server/knowledge-base/qa-from-call.server';
import { z } from 'zod';
import { readForm } from '~/.server/forms/read-form';
import { UNSTORABLE_MESSAGE, unstorableFields } from '~/.server/api/storable-text';

export const guard: RouteGuard = 'calls.read';
export const actionGuard: RouteGuard = 'calls.flag';

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireProjectPage(request, params.projectId, 'calls.read');
  try {
    const canFlag = can(access.role, 'calls.flag');
    const canAddToKb = canFlag && can(access.role, 'knowledge.edit');
    const [detail, bases, tags] = await Promise.all([
      getCallDetail(access.projectId, params.callId ?? ''),
      canAddToKb ? listKnowledgeBases(access.projectId) : [],
      canFlag ? listCallTags(access.projectId) : null,
    ]);
    return {
      detail,
      projectId: access.projectId,
      canFlag,
      tagVocabulary: tags,
      canListen: can(access.role, 'calls.recordings'),
      canAddToKb,
      knowledgeBases: bases.map((kb) => ({ id: kb.id, name: kb.name })),
    };
  } catch (error) {
    if (error instanceof ServiceError) throw new Response('Not found', { status: 404 });
    throw error;
  }
}

const addToKbInput = z.object({
  knowledgeBaseId: z.uuid('Choose a knowledge base'),
  question: z.string(),
  answer: z.string(),
});

/** `intent=tags`: the call's whole tag list as JSON; field errors come back for the tag input. */
async function saveTags(request: Request, access: ProjectAccess, callId: string, form: FormData) {
  const intent = 'tags';
  let tags: unknown;
  try {
    tags = JSON.parse(String(form.get('tags') ?? '[]'));
  } catch {
    return { ok: false, intent, fields: { tags: ['must be a JSON list of tags'] } };
  }
  // JSON inside a form field can spell a NUL as an escape: checked like any body (issue 14, item 14).
  if (Object.keys(unstorableFields(tags)).length > 0)
    return { ok: false, intent, fields: { tags: [UNSTORABLE_MESSAGE] } };
  const parsed = callTagsInput.safeParse({ tags });
  if (!parsed.success) return { ok: false, intent, fields: fieldErrors(parsed.error) };
  try {
    await setCallTags(serviceContext(request, access), callId, parsed.data);
    return { ok: true, intent };
  } catch (error) {
    if (error instanceof ServiceError)
      return { ok: false, intent, fields: error.fields ?? { _: [error.message] } };
    throw error;
  }
}

/**
 * Flags a line of this call (calls.flag), changes its tags (`intent=tags`), or with `intent=add_to_kb`
 * turns a question and a corrected answer into a Q&A entry linked to the call (calls.flag and
 * knowledge.edit); field errors for the dialogs.
 */
export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireProjectPage(request, params.projectId, 'calls.flag');
  const form = await readForm(request);
  if (form.get('intent') === 'tags') return saveTags(request, access, params.callId ?? '', form);
  if (form.get('intent') === 'add_to_kb') {
    const intent = 'add_to_kb';
    if (!can(access.role, 'knowledge.edit'))
      return { ok: false, intent, fields: { _: ['Your role cannot change knowledge bases.'] } };
    const parsed = addToKbInput.safeParse({
      knowledgeBaseId: form.get('knowledgeBaseId'),
      question: form.get('question') ?? '',
      answer: form.get('answer') ?? '',
    });
    if (!parsed.success) return { ok: false, intent, fields: fieldErrors(parsed.error) };
    try {
      await addQaFromCall(serviceContext(request, access), { ...parsed.data, callId: params.callId ?? '' });
      return { ok: true, intent };
    } catch (error) {
      if (error instanceof z.ZodError) return { ok: false, intent, fields: fieldErrors(error) };
      if (error instanceof ServiceError)
        return { ok: false, intent, fields: error.fields ?? { _: [error.message] } };
      throw error;
    }
  }
  const parsed = createIssueInput.safeParse({
    turnId: form.get('turnId'),
    reason: form.get('reason'),
    comment: form.get('comment') ?? '',
  });
  if (!parsed.success) return { ok: false, fields: fieldErrors(parsed.error) };
  try {
    await createIssue(serviceContext(request, access), params.callId ?? '', parsed.data);
    return { ok: true };
  } catch (error) {
    if (error instanceof ServiceError) return { ok: false, fields: error.fields ?? { _: [error.message] } };
    throw error;
  }
}

export default function InboxCall() {
  const data = useLoaderData<typeof loader>();
  const t = useT();
  const [search] = useSearchParams();
  const { revalidate } = useRevalidator();
  const live = data.detail.call.status === 'live';
  // A call still in progress fills in as it goes: new lines, timings and events every few seconds.
  useEffect(() => {
    if (!live) return;
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') revalidate();
    }, 3000);
    return () => clearInterval(timer);
  }, [live, revalidate]);
  return (
    <div className="space-y-3">
      <Link
        to={`/p/${data.projectId}/inbox${search.size ? `?${search.toString()}` : ''}`}
        className={`${buttonClasses({ variant: 'ghost', size: 'sm' })} md:hidden`}
      >
        {t('inbox.card.backToList')}
      </Link>
      <CallCard
        key={data.detail.call.id}
        detail={data.detail}
        projectId={data.projectId}
        canFlag={data.canFlag}
        canListen={data.canListen}
        knowledgeBases={data.canAddToKb ? data.knowledgeBases : null}
        tagVocabulary={data.tagVocabulary}
      />
    </div>
  );
}
