// OpenAPI paths for knowledge bases: sources (upload, URL, Q&A), indexing status, chunks, search.
import {
  bearerSecurity,
  errorResponse,
  jsonResponse,
  projectErrors,
  rateLimited,
  uuidParam,
} from './openapi-helpers.ts';

const err = errorResponse;
const ok = (description: string) => jsonResponse(description);
const uuid = uuidParam;
const security = bearerSecurity;
const common = projectErrors(
  'Your role lacks the permission (knowledge.read / knowledge.edit)',
  'No such project (or not a member), knowledge base or source',
);
const kb = [uuid('projectId'), uuid('knowledgeBaseId')];

export const knowledgePaths = {
  '/projects/{projectId}/knowledge-bases': {
    get: {
      summary: 'Knowledge bases with source and chunk counts',
      security,
      parameters: [uuid('projectId')],
      responses: { '200': ok('Knowledge bases'), ...common },
    },
    post: {
      summary: 'Create a knowledge base `{name, description?}`',
      security,
      parameters: [uuid('projectId')],
      responses: { '201': ok('Created'), '400': err('Invalid fields'), '409': err('Name taken'), ...common },
    },
  },
  '/projects/{projectId}/knowledge-bases/{knowledgeBaseId}': {
    delete: {
      summary: 'Delete with all sources and chunks',
      security,
      parameters: kb,
      responses: { '204': { description: 'Deleted' }, ...common },
    },
  },
  '/projects/{projectId}/knowledge-bases/{knowledgeBaseId}/sources': {
    get: {
      summary:
        'Sources with status (pending, indexing, ready, failed), progress (pages done of found, for crawls) and `error`: why it failed, or for a ready source a note (pages a crawl skipped and why, or that embeddings failed); `errorCode`: why it failed as a code (expansion_limit: it would expand past the limits, a decompression bomb; encrypted: a protected PDF; too_large, unsupported_type, unreadable, url_blocked, robots_disallowed, nothing_indexed, fetch_failed, failed)',
      security,
      parameters: kb,
      responses: { '200': ok('Sources'), ...common },
    },
    post: {
      summary:
        'Add a source: multipart `file` (PDF, DOCX, TXT, Markdown, HTML, CSV; up to 20 MB), or JSON {kind: "url", url, crawlDepth?, crawlMaxPages?, syncIntervalHours?} or {kind: "qa", question, answer, originCallId?}. Indexing is queued (Q&A entries are indexed at once). crawlDepth 0 (default) reads the page only; 1–5 follows links on the same host up to that many clicks, at most crawlMaxPages (1–500) pages, skipping what robots.txt disallows and anything not HTML, PDF or text; every request passes the SSRF guard.',
      security,
      parameters: kb,
      responses: {
        '201': ok('The source, pending'),
        '400': err('Invalid fields, unsupported or empty file, or a private/loopback URL (url_not_allowed)'),
        '413': err('File too large'),
        ...rateLimited,
        ...common,
      },
    },
  },
  '/projects/{projectId}/knowledge-bases/{knowledgeBaseId}/sources/{sourceId}': {
    get: {
      summary: 'The chunks search currently sees for this source',
      security,
      parameters: [...kb, uuid('sourceId')],
      responses: { '200': ok('Chunks'), ...common },
    },
    post: {
      summary: 'Re-index (old chunks stay searchable until the new set replaces them at once)',
      security,
      parameters: [...kb, uuid('sourceId')],
      responses: { '202': ok('Queued'), ...common },
    },
    delete: {
      summary: 'Delete the source and its chunks',
      security,
      parameters: [...kb, uuid('sourceId')],
      responses: { '204': { description: 'Deleted' }, ...common },
    },
  },
  '/projects/{projectId}/knowledge-bases/search': {
    post: {
      summary:
        'Hybrid search `{query, knowledgeBaseIds?, sourceIds?, limit?}`: chunks with source, heading path, score (reciprocal-rank fusion of full text or Typesense, trigram and embeddings), the ranks it came from, and relevance (0..1)',
      security,
      parameters: [uuid('projectId')],
      responses: { '200': ok('{hits, tookMs}'), '400': err('Invalid fields'), ...rateLimited, ...common },
    },
  },
} as const;
