import { auditAs, type ServiceContext } from '../access/service-context.ts';
import { ServiceError } from '../errors/service-error.ts';
import { db } from '../db.ts';
import { detectDocumentType } from './ingest/extract/file-type.ts';
import { SsrfBlockedError, vetUrl } from '../net/ssrf-guard.ts';
import { ExtractionError } from './ingest/extract/extraction-errors.ts';
import { indexSource } from './index-source.server.ts';
import { knowledgeSettings } from './knowledge-settings.server.ts';
import { enqueueJob } from '../queues.ts';
import { MAX_UPLOAD_BYTES, type QaSourceInput, type UrlSourceInput } from './source-input.ts';

export interface SourceView {
  id: string;
  knowledgeBaseId: string;
  kind: 'file' | 'url' | 'qa';
  name: string;
  url: string | null;
  fileName: string | null;
  sizeBytes: number | null;
  question: string | null;
  answer: string | null;
  originCallId: string | null;
  status: 'pending' | 'indexing' | 'ready' | 'failed';
  progress: { done: number; total: number };
  error: string | null;
  /** Why it failed, for the screen to translate (expansion_limit, encrypted…); null when it did not. */
  errorCode: string | null;
  chunkCount: number;
  lastIndexedAt: Date | null;
  syncIntervalHours: number | null;
  createdAt: Date;
}

const select = {
  id: true,
  knowledgeBaseId: true,
  kind: true,
  name: true,
  url: true,
  fileName: true,
  sizeBytes: true,
  question: true,
  answer: true,
  originCallId: true,
  status: true,
  progressDone: true,
  progressTotal: true,
  error: true,
  errorCode: true,
  chunkCount: true,
  lastIndexedAt: true,
  syncIntervalHours: true,
  createdAt: true,
} as const;

type Row = { [K in keyof typeof select]: unknown } & { progressDone: number; progressTotal: number };
function view(row: Row): SourceView {
  const { progressDone, progressTotal, ...rest } = row;
  return {
    ...(rest as Omit<SourceView, 'progress'>),
    progress: { done: progressDone, total: progressTotal },
  };
}

const kbNotFound = () =>
  new ServiceError(404, 'knowledge_base_not_found', 'No such knowledge base in this project.');
const sourceNotFound = () => new ServiceError(404, 'source_not_found', 'No such source in this project.');

async function requireKb(projectId: string, kbId: string) {
  const kb = await db().knowledgeBase.findFirst({ where: { id: kbId, projectId }, select: { id: true } });
  if (!kb) throw kbNotFound();
}

export async function listSources(projectId: string, kbId: string): Promise<SourceView[]> {
  await requireKb(projectId, kbId);
  const rows = await db().knowledgeSource.findMany({
    where: { projectId, knowledgeBaseId: kbId },
    select,
    orderBy: { createdAt: 'desc' },
  });
  return rows.map(view);
}

async function created(ctx: ServiceContext, row: Row & { id: string; kind: string; name: string }) {
  await auditAs(ctx, {
    action: 'knowledge.source_add',
    targetType: 'knowledge_source',
    targetId: row.id,
    diff: { after: { kind: row.kind, name: row.name } },
  });
  // A Q&A entry is one small passage: index it now, so a correction from a call is searchable at once.
  if (row.kind === 'qa') {
    await indexSource(row.id, { finalAttempt: true });
    const fresh = await db().knowledgeSource.findUniqueOrThrow({ where: { id: row.id }, select });
    return view(fresh);
  }
  await enqueueJob('index-source', { sourceId: row.id });
  return view(row);
}

/** Stores an uploaded file and queues its indexing; the type and size are checked before anything is kept. */
export async function addFileSource(
  ctx: ServiceContext,
  kbId: string,
  file: { name: string; type: string; bytes: Uint8Array },
): Promise<SourceView> {
  await requireKb(ctx.access.projectId, kbId);
  if (file.bytes.byteLength > MAX_UPLOAD_BYTES) {
    throw new ServiceError(400, 'file_too_large', `Files up to ${MAX_UPLOAD_BYTES / 1024 / 1024} MB.`, {
      file: [`Files up to ${MAX_UPLOAD_BYTES / 1024 / 1024} MB`],
    });
  }
  if (file.bytes.byteLength === 0)
    throw new ServiceError(400, 'file_empty', 'The file is empty.', { file: ['The file is empty'] });
  try {
    detectDocumentType(file.bytes, { filename: file.name, contentType: file.type });
  } catch (e) {
    if (!(e instanceof ExtractionError)) throw e;
    throw new ServiceError(400, 'unsupported_type', 'Upload PDF, DOCX, TXT, Markdown, HTML or CSV.', {
      file: ['Upload PDF, DOCX, TXT, Markdown, HTML or CSV'],
    });
  }
  const row = await db().knowledgeSource.create({
    data: {
      projectId: ctx.access.projectId,
      knowledgeBaseId: kbId,
      kind: 'file',
      name: file.name.slice(0, 200),
      fileName: file.name.slice(0, 200),
      mimeType: file.type || null,
      sizeBytes: file.bytes.byteLength,
      fileContent: Buffer.from(file.bytes),
    },
    select,
  });
  return created(ctx, row);
}

export async function addUrlSource(
  ctx: ServiceContext,
  kbId: string,
  input: UrlSourceInput,
): Promise<SourceView> {
  await requireKb(ctx.access.projectId, kbId);
  try {
    await vetUrl(new URL(input.url));
  } catch (e) {
    if (!(e instanceof SsrfBlockedError)) throw e;
    // A name that does not resolve now may later (indexing retries); private and loopback addresses never.
    if (e.reason !== 'dns_failure') {
      throw new ServiceError(400, 'url_not_allowed', 'This address is private, loopback or not http(s).', {
        url: ['Only public http(s) addresses can be fetched'],
      });
    }
  }
  const row = await db().knowledgeSource.create({
    data: {
      projectId: ctx.access.projectId,
      knowledgeBaseId: kbId,
      kind: 'url',
      name: input.url.slice(0, 200),
      url: input.url,
      crawlDepth: input.crawlDepth,
      crawlMaxPages: input.crawlDepth === 0 ? 1 : input.crawlMaxPages,
      syncIntervalHours: input.syncIntervalHours ?? null,
    },
    select,
  });
  return created(ctx, row);
}

export async function addQaSource(
  ctx: ServiceContext,
  kbId: string,
  input: QaSourceInput,
): Promise<SourceView> {
  await requireKb(ctx.access.projectId, kbId);
  if (input.originCallId) {
    // The link back must be to one of this project's calls, never a guessed id of another's.
    const call = await db().call.findFirst({
      where: { id: input.originCallId, projectId: ctx.access.projectId },
      select: { id: true },
    });
    if (!call) {
      throw new ServiceError(400, 'call_not_found', 'No such call in this project.', {
        originCallId: ['No such call in this project'],
      });
    }
  }
  const row = await db().knowledgeSource.create({
    data: {
      projectId: ctx.access.projectId,
      knowledgeBaseId: kbId,
      kind: 'qa',
      name: input.question.slice(0, 200),
      question: input.question,
      answer: input.answer,
      originCallId: input.originCallId ?? null,
    },
    select,
  });
  return created(ctx, row);
}

/** Changes a Q&A entry's question and answer in place, and indexes it again at once (as when it was added). */
export async function updateQaSource(
  ctx: ServiceContext,
  kbId: string,
  sourceId: string,
  input: Pick<QaSourceInput, 'question' | 'answer'>,
): Promise<SourceView> {
  const row = await db().knowledgeSource.findFirst({
    where: { id: sourceId, knowledgeBaseId: kbId, projectId: ctx.access.projectId, kind: 'qa' },
    select: { id: true, question: true, answer: true },
  });
  if (!row) throw sourceNotFound();
  await db().knowledgeSource.update({
    where: { id: row.id },
    data: {
      question: input.question,
      answer: input.answer,
      name: input.question.slice(0, 200),
      status: 'pending',
      error: null,
      errorCode: null,
    },
  });
  await auditAs(ctx, {
    action: 'knowledge.source_update',
    targetType: 'knowledge_source',
    targetId: row.id,
    diff: { before: { question: row.question, answer: row.answer }, after: input },
  });
  await indexSource(row.id, { finalAttempt: true });
  return view(await db().knowledgeSource.findUniqueOrThrow({ where: { id: row.id }, select }));
}

export async function reindexSource(
  ctx: ServiceContext,
  kbId: string,
  sourceId: string,
): Promise<SourceView> {
  const row = await db().knowledgeSource.findFirst({
    where: { id: sourceId, knowledgeBaseId: kbId, projectId: ctx.access.projectId },
    select,
  });
  if (!row) throw sourceNotFound();
  await db().knowledgeSource.update({
    where: { id: sourceId },
    data: { status: 'pending', error: null, errorCode: null },
  });
  await enqueueJob('index-source', { sourceId });
  return view({ ...row, status: 'pending', error: null, errorCode: null });
}

/** Deletes a source; its chunks go with it (foreign key cascade), so search stops finding them at once. */
export async function deleteSource(ctx: ServiceContext, kbId: string, sourceId: string): Promise<void> {
  const row = await db().knowledgeSource.findFirst({
    where: { id: sourceId, knowledgeBaseId: kbId, projectId: ctx.access.projectId },
    select: { id: true, name: true, kind: true },
  });
  if (!row) throw sourceNotFound();
  await db().knowledgeSource.delete({ where: { id: row.id } });
  // Typesense copies are never looked up once the rows are gone; removing them keeps its index small.
  await knowledgeSettings()
    .typesense?.deleteSource(row.id)
    .catch(() => undefined);
  await auditAs(ctx, {
    action: 'knowledge.source_delete',
    targetType: 'knowledge_source',
    targetId: row.id,
    diff: { before: { kind: row.kind, name: row.name } },
  });
}
