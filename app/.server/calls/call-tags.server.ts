import { z } from 'zod';
import { isUuid } from '../access/project-access.server.ts';
import { MAX_TAG_LENGTH, MAX_TAGS_PER_CALL, normalizeTag, tagProblem } from '../../lib/calls/tag-values.ts';
import { auditAs, type ServiceContext } from '../access/service-context.ts';
import { db } from '../db.ts';
import { callNotFound } from './call-detail.server.ts';

const tagProblemMessages = {
  empty: 'must not be empty',
  too_long: `must be at most ${MAX_TAG_LENGTH} characters`,
  comma: 'must not contain a comma',
} as const;

const tag = z
  .string({ error: 'must be a string' })
  .transform(normalizeTag)
  .superRefine((value, ctx) => {
    const problem = tagProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: tagProblemMessages[problem] });
  });

/** The whole set of tags a call should carry (PATCH replaces it): duplicates collapse after normalizing. */
export const callTagsInput = z.object({
  tags: z
    .array(tag, { error: 'must be a list of tags' })
    .transform((tags) => [...new Set(tags)])
    .refine((tags) => tags.length <= MAX_TAGS_PER_CALL, `at most ${MAX_TAGS_PER_CALL} tags`),
});
export type CallTagsInput = z.infer<typeof callTagsInput>;

/**
 * Replaces a call's tags and adds any new ones to the project's vocabulary (kept even when no call carries
 * them any more, so the list filter still offers what the team used). Audited with before and after.
 */
export async function setCallTags(ctx: ServiceContext, callId: string, input: CallTagsInput) {
  const { projectId } = ctx.access;
  if (!isUuid(callId)) throw callNotFound();
  const before = await db().call.findFirst({
    where: { id: callId, projectId },
    select: { id: true, tags: true },
  });
  if (!before) throw callNotFound();
  const tags = input.tags;
  await db().$transaction([
    db().call.update({ where: { id: before.id }, data: { tags } }),
    db().callTag.createMany({ data: tags.map((name) => ({ projectId, name })), skipDuplicates: true }),
  ]);
  const added = tags.filter((t) => !before.tags.includes(t));
  const removed = before.tags.filter((t) => !tags.includes(t));
  if (added.length > 0 || removed.length > 0)
    await auditAs(ctx, {
      action: 'call.tags.update',
      targetType: 'call',
      targetId: before.id,
      diff: { before: { tags: before.tags }, after: { tags } },
    });
  return { tags };
}

/** The project's tag vocabulary, alphabetical (the Inbox filter and the tag input offer it). */
export async function listCallTags(projectId: string): Promise<string[]> {
  const rows = await db().callTag.findMany({
    where: { projectId },
    orderBy: { name: 'asc' },
    select: { name: true },
    take: 500,
  });
  return rows.map((r) => r.name);
}
