// Operations of knowledge bases: sources (upload, URL, Q&A), indexing status, chunks, search.
import {
  chunkList,
  knowledgeBaseList,
  knowledgeBaseView,
  searchResult,
  sourceList,
  sourceView,
} from '../../knowledge-base/knowledge-views.ts';
import {
  createKnowledgeBaseInput,
  fileSourceForm,
  jsonSourceInput,
  searchInput,
} from '../../knowledge-base/source-input.ts';
import type { ApiOperation } from '../api-operation.ts';

const tags = ['knowledge'];
const kb = '/projects/{projectId}/knowledge-bases/{knowledgeBaseId}';

export const knowledgeOperations: ApiOperation[] = [
  {
    method: 'get',
    path: '/projects/{projectId}/knowledge-bases',
    operationId: 'listKnowledgeBases',
    summary: 'Knowledge bases with source and chunk counts',
    tags,
    permission: 'knowledge.read',
    responses: { 200: knowledgeBaseList },
  },
  {
    method: 'post',
    path: '/projects/{projectId}/knowledge-bases',
    operationId: 'createKnowledgeBase',
    summary: 'Create a knowledge base',
    tags,
    permission: 'knowledge.edit',
    body: createKnowledgeBaseInput,
    responses: { 201: knowledgeBaseView },
    errors: { 409: 'Name taken' },
  },
  {
    method: 'delete',
    path: kb,
    operationId: 'deleteKnowledgeBase',
    summary: 'Delete with all sources and chunks; refused while agents use it',
    tags,
    permission: 'knowledge.edit',
    responses: { 204: null },
    errors: { 409: 'Agents use it (named in the message)' },
  },
  {
    method: 'get',
    path: `${kb}/sources`,
    operationId: 'listKnowledgeSources',
    summary: 'Sources with status (pending, indexing, ready, failed), progress, and why one failed',
    tags,
    permission: 'knowledge.read',
    responses: { 200: sourceList },
  },
  {
    method: 'post',
    path: `${kb}/sources`,
    operationId: 'addKnowledgeSource',
    summary:
      'Add a source: a file (multipart, field `file`), a URL or a Q&A entry (JSON). Indexing is queued (Q&A entries are indexed at once). crawlDepth 0 reads the page only; 1–5 follows links on the same host up to that many clicks, at most crawlMaxPages pages, skipping what robots.txt disallows; every request passes the SSRF guard.',
    tags,
    permission: 'knowledge.edit',
    body: jsonSourceInput,
    multipart: fileSourceForm,
    responses: { 201: sourceView },
    errors: {
      400: 'Invalid fields, unsupported or empty file, or a private/loopback URL (url_not_allowed)',
      413: 'File too large (`file_too_large`), or JSON body too large',
    },
    rateLimit: 'knowledge-source',
  },
  {
    method: 'get',
    path: `${kb}/sources/{sourceId}`,
    operationId: 'listSourceChunks',
    summary: 'The chunks search currently sees for this source',
    tags,
    permission: 'knowledge.read',
    responses: { 200: chunkList },
  },
  {
    method: 'post',
    path: `${kb}/sources/{sourceId}`,
    operationId: 'reindexKnowledgeSource',
    summary: 'Re-index (old chunks stay searchable until the new set replaces them at once)',
    tags,
    permission: 'knowledge.edit',
    responses: { 202: sourceView },
  },
  {
    method: 'delete',
    path: `${kb}/sources/{sourceId}`,
    operationId: 'deleteKnowledgeSource',
    summary: 'Delete the source and its chunks',
    tags,
    permission: 'knowledge.edit',
    responses: { 204: null },
  },
  {
    method: 'post',
    path: '/projects/{projectId}/knowledge-bases/search',
    operationId: 'searchKnowledge',
    summary:
      'Hybrid search: chunks with source, heading path, score (reciprocal-rank fusion of full text or Typesense, trigram and embeddings), the ranks it came from, and relevance (0..1)',
    tags,
    permission: 'knowledge.read',
    body: searchInput,
    responses: { 200: searchResult },
    rateLimit: 'knowledge-search',
  },
];
