import { apiError, unstorableInput } from '~/.server/api/api-error';
import { BodyTooLargeError, MalformedBodyError, readFormBody } from '~/.server/api/request-body';
import { unstorableFormFields } from '~/.server/forms/read-form';
import { jsonBody, projectApiAction, projectApiLoader } from '~/.server/http/api-route';
import { MISSING } from '~/.server/http/missing';
import { enforceProjectRateLimit } from '~/.server/http/rate-limits';
import { jsonSourceInput, MAX_UPLOAD_BYTES } from '~/.server/knowledge-base/source-input';
import {
  addFileSource,
  addQaSource,
  addUrlSource,
  listSources,
} from '~/.server/knowledge-base/sources.server';

const ids = { knowledgeBaseId: MISSING.knowledgeBase };

/** Sources with their indexing status and progress. */
export const loader = projectApiLoader({ permission: 'knowledge.read', ids }, async ({ access, ids }) =>
  Response.json({ sources: await listSources(access.projectId, ids.knowledgeBaseId) }),
);

const tooLarge = () =>
  apiError(413, 'file_too_large', `Files up to ${MAX_UPLOAD_BYTES / 1024 / 1024} MB.`, {
    fields: { file: [`Files up to ${MAX_UPLOAD_BYTES / 1024 / 1024} MB`] },
  });

/** The uploaded file of a multipart body, or the 4xx that refuses the body. */
async function uploadedFile(request: Request): Promise<File | Response> {
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
  if (file instanceof File) return file;
  return apiError(400, 'validation_failed', 'Attach the file as the `file` field.', {
    fields: { file: ['Choose a file'] },
  });
}

/**
 * POST a file (multipart/form-data, field `file`), or JSON `{kind: 'url', url, crawlDepth?, crawlMaxPages?,
 * syncIntervalHours?}` or `{kind: 'qa', question, answer, originCallId?}`. Indexing is queued at once.
 */
export const action = projectApiAction(
  { permission: 'knowledge.edit', ids },
  {
    POST: async ({ request, access, ctx, ids }) => {
      await enforceProjectRateLimit(access, 'knowledge-source');
      const kbId = ids.knowledgeBaseId;
      if ((request.headers.get('content-type') ?? '').startsWith('multipart/form-data')) {
        const file = await uploadedFile(request);
        if (file instanceof Response) return file;
        const bytes = new Uint8Array(await file.arrayBuffer());
        return Response.json(await addFileSource(ctx, kbId, { name: file.name, type: file.type, bytes }), {
          status: 201,
        });
      }
      const input = await jsonBody(request, jsonSourceInput);
      const source =
        input.kind === 'url' ? await addUrlSource(ctx, kbId, input) : await addQaSource(ctx, kbId, input);
      return Response.json(source, { status: 201 });
    },
  },
);
