import type { RouteGuard } from '~/.server/access/permissions';
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { isUuid, requireProjectPermission } from '~/.server/access/project-access.server';
import { serviceContext } from '~/.server/access/service-context';
import { apiError, parseJsonBody, unstorableInput } from '~/.server/api/api-error';
import { BodyTooLargeError, MalformedBodyError, readFormBody } from '~/.server/api/request-body';
import { unstorableFormFields } from '~/.server/forms/read-form';
import { answerServiceErrors } from '~/.server/errors/service-error';
import { enforceProjectRateLimit } from '~/.server/http/rate-limits';
import { jsonSourceInput, MAX_UPLOAD_BYTES } from '~/.server/knowledge-base/source-input';
import {
  addFileSource,
  addQaSource,
  addUrlSource,
  listSources,
} from '~/.server/knowledge-base/sources.server';

export const guard: RouteGuard = 'knowledge.read';
export const actionGuard: RouteGuard = 'knowledge.edit';

const notFound = () => apiError(404, 'knowledge_base_not_found', 'No such knowledge base in this project.');

/** Sources with their indexing status and progress. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { projectId } = await requireProjectPermission(request, params.projectId, 'knowledge.read');
  const kbId = params.knowledgeBaseId;
  if (!isUuid(kbId)) return notFound();
  return answerServiceErrors(async () => Response.json({ sources: await listSources(projectId, kbId) }));
}

/**
 * POST a file (multipart/form-data, field `file`), or JSON `{kind: 'url', url, crawlDepth?, crawlMaxPages?,
 * syncIntervalHours?}` or `{kind: 'qa', question, answer, originCallId?}`. Indexing is queued at once.
 */
export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireProjectPermission(request, params.projectId, 'knowledge.edit');
  if (request.method !== 'POST') return apiError(405, 'method_not_allowed', 'Use POST to add a source.');
  await enforceProjectRateLimit(access, 'knowledge-source');
  const kbId = params.knowledgeBaseId;
  if (!isUuid(kbId)) return notFound();
  const ctx = serviceContext(request, access);
  if ((request.headers.get('content-type') ?? '').startsWith('multipart/form-data')) {
    const tooLarge = () =>
      apiError(413, 'file_too_large', `Files up to ${MAX_UPLOAD_BYTES / 1024 / 1024} MB.`, {
        fields: { file: [`Files up to ${MAX_UPLOAD_BYTES / 1024 / 1024} MB`] },
      });
    // Read under a hard cap (the multipart overhead is small): refused before reading when the length is
    // declared, and cut off mid-stream when it is not (chunked), so nothing past the cap is ever buffered.
    let form: FormData;
    try {
      form = await readFormBody(request, MAX_UPLOAD_BYTES + 64 * 1024);
    } catch (e) {
      if (e instanceof BodyTooLargeError) return tooLarge();
      if (e instanceof MalformedBodyError) return apiError(400, 'malformed_form', e.message);
      throw e;
    }
    const unstorable = unstorableFormFields(form);
    if (Object.keys(unstorable).length > 0) return unstorableInput(unstorable);
    const file = form.get('file');
    if (!(file instanceof File)) {
      return apiError(400, 'validation_failed', 'Attach the file as the `file` field.', {
        fields: { file: ['Choose a file'] },
      });
    }
    const bytes = new Uint8Array(await file.arrayBuffer());
    return answerServiceErrors(async () =>
      Response.json(await addFileSource(ctx, kbId, { name: file.name, type: file.type, bytes }), {
        status: 201,
      }),
    );
  }
  const parsed = await parseJsonBody(request, jsonSourceInput);
  if (!parsed.ok) return parsed.response;
  const input = parsed.data;
  return answerServiceErrors(async () =>
    Response.json(
      input.kind === 'url' ? await addUrlSource(ctx, kbId, input) : await addQaSource(ctx, kbId, input),
      {
        status: 201,
      },
    ),
  );
}
