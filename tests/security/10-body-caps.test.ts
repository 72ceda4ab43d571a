// Issue 14, item 10: bodies were read in full before their size was checked, so a chunked body (no
// Content-Length) of any size was buffered first. Every body reader now stops pulling at its cap: JSON API
// bodies, page forms, and knowledge-base file uploads.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, createKnowledgeBase, createProject, createUser } from '../support/factories';
import { bearerFor, type RouteModule } from '../support/route-call';
import { authContext } from '~/.server/auth/auth-context.server';
import { db, disconnectDb } from '~/.server/db';
import * as projectsApi from '~/routes/api.v1.projects';
import * as sourcesApi from '~/routes/api.v1.projects.$projectId.knowledge-bases.$knowledgeBaseId.sources';
import * as projectsPage from '~/routes/projects';
import * as knowledgePage from '~/routes/p.$projectId.knowledge._index';

const CHUNK = 64 * 1024;

/** A chunked body (no Content-Length) of `total` bytes that counts how much of it the server pulled. */
function endlessBody(total: number, first = '') {
  const counter = { pulled: 0 };
  let sent = 0;
  const head = new TextEncoder().encode(first);
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= total) return controller.close();
      const chunk = sent === 0 && head.length ? head : new Uint8Array(CHUNK).fill(0x61);
      sent += chunk.byteLength;
      counter.pulled += chunk.byteLength;
      controller.enqueue(chunk);
    },
  });
  return { stream, counter };
}

async function send(
  mod: RouteModule,
  params: Record<string, string>,
  headers: Record<string, string>,
  body: ReadableStream<Uint8Array>,
): Promise<Response> {
  const request = new Request('http://localhost/x', {
    method: 'POST',
    headers,
    body,
    duplex: 'half',
  } as RequestInit);
  try {
    return (await mod.action!({ request, params, context: {} })) as Response;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

let auth: Record<string, string>;
let projectId: string;
let kbId: string;

beforeAll(async () => {
  const user = await createUser(db());
  projectId = (await createProject(db(), 'Body caps')).id;
  await addMember(db(), projectId, user.id, 'owner');
  kbId = (await createKnowledgeBase(db(), projectId, 'Docs')).id;
  auth = await bearerFor(user.id);
});
afterAll(async () => {
  await authContext().redis.quit();
  await disconnectDb();
});

describe('body caps', () => {
  it('a chunked JSON body past its cap answers 413 after reading no more than the cap', async () => {
    const { stream, counter } = endlessBody(16 * 1024 * 1024, '{"name":"');
    const res = await send(projectsApi, {}, { ...auth, 'content-type': 'application/json' }, stream);
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('body_too_large');
    expect(counter.pulled).toBeLessThanOrEqual(64 * 1024 + 2 * CHUNK);
  });

  it('a declared Content-Length past the cap is refused before reading', async () => {
    const { stream, counter } = endlessBody(16 * 1024 * 1024);
    const res = await send(
      projectsApi,
      {},
      { ...auth, 'content-type': 'application/json', 'content-length': String(16 * 1024 * 1024) },
      stream,
    );
    expect(res.status).toBe(413);
    expect(counter.pulled).toBeLessThanOrEqual(2 * CHUNK);
  });

  it('page forms stop reading at their cap too', async () => {
    for (const [mod, params] of [
      [projectsPage, {}],
      [knowledgePage, { projectId }],
    ] as const) {
      const { stream, counter } = endlessBody(16 * 1024 * 1024, 'name=');
      const res = await send(
        mod,
        params,
        { ...auth, 'content-type': 'application/x-www-form-urlencoded' },
        stream,
      );
      expect(res.status).toBe(413);
      expect(counter.pulled).toBeLessThanOrEqual(64 * 1024 + 2 * CHUNK);
    }
  });

  it('a chunked file upload past the file limit answers 413 without buffering the rest', async () => {
    const boundary = 'x-boundary';
    const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\nContent-Type: text/plain\r\n\r\n`;
    const { stream, counter } = endlessBody(64 * 1024 * 1024, head);
    const res = await send(
      sourcesApi,
      { projectId, knowledgeBaseId: kbId },
      { ...auth, 'content-type': `multipart/form-data; boundary=${boundary}` },
      stream,
    );
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('file_too_large');
    expect(counter.pulled).toBeLessThanOrEqual(20 * 1024 * 1024 + 64 * 1024 + 2 * CHUNK);
    expect(await db().knowledgeSource.count({ where: { projectId } })).toBe(0);
  });
});
