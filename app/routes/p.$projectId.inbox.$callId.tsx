import { Link, useLoaderData, useRevalidator, useSearchParams } from '@remix-run/react';
import { useEffect, useRef } from 'react';
import { useProjectEvents } from '~/components/realtime/use-project-events';
import { CallCard } from '~/components/inbox/call-card';
import { buttonClasses } from '~/components/ui/button';
import { useT } from '~/i18n';
import { can } from '~/.server/access/permissions';
import { db } from '~/.server/db';
import { getCallDetail } from '~/.server/calls/call-detail.server';
import { createIssue, createIssueInput } from '~/.server/calls/call-issues.server';
import { callTagsInput, listCallTags, setCallTags } from '~/.server/calls/call-tags.server';
import { listKnowledgeBases } from '~/.server/knowledge-base/knowledge-bases.server';
import { addQaFromCall } from '~/.server/knowledge-base/qa-from-call.server';
import { z } from 'zod';
import { readForm } from '~/.server/forms/read-form';
import { unstorableFields } from '~/.server/api/storable-text';
import { pageFailure } from '~/.server/forms/form-result';
import { MISSING } from '~/.server/http/missing';
import { projectAction, projectLoader } from '~/.server/http/project-route';

const ids = { callId: MISSING.call };

export const loader = projectLoader({ permission: 'calls.read', ids }, async ({ access, ids }) => {
  const canFlag = can(access.role, 'calls.flag');
  const canAddToKb = canFlag && can(access.role, 'knowledge.edit');
  const [detail, bases, tags, external] = await Promise.all([
    getCallDetail(access.projectId, ids.callId),
    canAddToKb ? listKnowledgeBases(access.projectId) : [],
    canFlag ? listCallTags(access.projectId) : null,
    // The gateway's id of the call: its live events are subscribed to by it.
    db().call.findFirst({
      where: { id: ids.callId, projectId: access.projectId },
      select: { externalId: true },
    }),
  ]);
  return {
    detail,
    projectId: access.projectId,
    externalId: external?.externalId ?? null,
    canFlag,
    tagVocabulary: tags,
    canListen: can(access.role, 'calls.recordings'),
    canAddToKb,
    knowledgeBases: bases.map((kb) => ({ id: kb.id, name: kb.name })),
  };
});

const addToKbInput = z.object({
  knowledgeBaseId: z.uuid('Choose a knowledge base'),
  question: z.string(),
  answer: z.string(),
});

/** `intent=tags`: the call's whole tag list as JSON (a list that is not JSON is refused at its field). */
function tagsOf(form: FormData) {
  let tags: unknown;
  try {
    tags = JSON.parse(String(form.get('tags') ?? '[]'));
  } catch {
    return null;
  }
  // JSON inside a form field can spell a NUL as an escape: checked like any body (issue 14, item 14).
  return Object.keys(unstorableFields(tags)).length > 0 ? null : callTagsInput.parse({ tags });
}

/**
 * Flags a line of this call (calls.flag), changes its tags (`intent=tags`), or with `intent=add_to_kb`
 * turns a question and a corrected answer into a Q&A entry linked to the call (calls.flag and
 * knowledge.edit). Refusals come back in the one failure shape, at their fields.
 */
export const action = projectAction(
  { permission: 'calls.flag', ids },
  async ({ request, access, ctx, ids }) => {
    const form = await readForm(request);
    const intent = form.get('intent');
    if (intent === 'tags') {
      const input = tagsOf(form);
      if (!input) return pageFailure(400, 'validation_failed', { tags: 'invalid' });
      await setCallTags(ctx, ids.callId, input);
      return { ok: true as const, intent };
    }
    if (intent === 'add_to_kb') {
      if (!can(access.role, 'knowledge.edit')) return pageFailure(403, 'forbidden');
      const input = addToKbInput.parse({
        knowledgeBaseId: form.get('knowledgeBaseId'),
        question: form.get('question') ?? '',
        answer: form.get('answer') ?? '',
      });
      await addQaFromCall(ctx, { ...input, callId: ids.callId });
      return { ok: true as const, intent };
    }
    const input = createIssueInput.parse({
      turnId: form.get('turnId'),
      reason: form.get('reason'),
      comment: form.get('comment') ?? '',
    });
    await createIssue(ctx, ids.callId, input);
    return { ok: true as const, intent: 'flag' };
  },
);

export default function InboxCall() {
  const data = useLoaderData<typeof loader>();
  const t = useT();
  const [search] = useSearchParams();
  const { revalidate } = useRevalidator();
  const live = data.detail.call.status === 'live';
  // A call still in progress fills in as it goes: each of its events (from the realtime gateway) reloads
  // the card a moment later, once the workers have written it.
  const pending = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => () => void (pending.current && clearTimeout(pending.current)), []);
  useProjectEvents(live ? data.projectId : null, {
    callId: data.externalId,
    onEvent: () => {
      if (pending.current) clearTimeout(pending.current);
      pending.current = setTimeout(revalidate, 700);
    },
    onOpen: () => {
      pending.current = setTimeout(revalidate, 700);
    },
  });
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
