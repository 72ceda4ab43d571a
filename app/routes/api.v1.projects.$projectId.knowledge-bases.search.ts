import type { RouteGuard } from '~/.server/access/permissions';
import type { ActionFunctionArgs } from '@remix-run/node';
import { requireProjectPermission } from '~/.server/access/project-access.server';
import { apiError, parseJsonBody } from '~/.server/api/api-error';
import { enforceProjectRateLimit } from '~/.server/http/rate-limits';
import { searchChunks } from '~/.server/knowledge-base/search.server';
import { searchInput } from '~/.server/knowledge-base/source-input';

export const guard: RouteGuard = 'knowledge.read';

/** POST `{query, knowledgeBaseIds?, sourceIds?, limit?}`: the best chunks with their source and score. */
export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireProjectPermission(request, params.projectId, 'knowledge.read');
  if (request.method !== 'POST') return apiError(405, 'method_not_allowed', 'Use POST to search.');
  await enforceProjectRateLimit(access, 'knowledge-search');
  const { projectId } = access;
  const parsed = await parseJsonBody(request, searchInput);
  if (!parsed.ok) return parsed.response;
  const { query, limit, ...filters } = parsed.data;
  const started = performance.now();
  const hits = await searchChunks(projectId, query, filters, limit);
  return Response.json({ hits, tookMs: Math.round((performance.now() - started) * 10) / 10 });
}
