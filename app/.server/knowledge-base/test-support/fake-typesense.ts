/**
 * A loopback server speaking the parts of Typesense's REST API the connector uses (collections, documents
 * import, search, delete by filter), with its error shapes, so the connector is tested over real HTTP.
 * Matching is deliberately simple (word prefixes stand in for Typesense's stemming and typo tolerance).
 */
import type { ServerResponse } from 'node:http';
import {
  sendJson,
  startLocalHttpServer,
  type LocalHttpServer,
  type RecordedRequest,
} from '../../providers/test-support/local-http-server.ts';

type Doc = Record<string, unknown> & { id: string };
interface Field {
  name: string;
  type: string;
  optional?: boolean;
}

export interface FakeTypesense extends LocalHttpServer {
  apiKey: string;
  collections: Map<string, { fields: Field[]; docs: Map<string, Doc> }>;
}

const words = (s: string) => s.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
const stem = (w: string) => (w.length > 5 ? w.slice(0, w.length - 2) : w);

function parseFilter(filter: string): ((d: Doc) => boolean)[] {
  return filter
    .split(' && ')
    .filter(Boolean)
    .map((clause) => {
      const m = /^([a-z_]+):(!=|=)(.*)$/.exec(clause.trim());
      if (!m) throw new Error(`bad filter ${clause}`);
      const [, field, op, raw] = m as unknown as [string, string, string, string];
      const values = (raw.startsWith('[') ? raw.slice(1, -1).split(',') : [raw]).map((v) =>
        v.trim().replace(/^`|`$/g, ''),
      );
      return (d: Doc) => {
        const has = values.includes(String(d[field]));
        return op === '=' ? has : !has;
      };
    });
}

export async function startFakeTypesense(apiKey = 'ts-test-key'): Promise<FakeTypesense> {
  const collections: FakeTypesense['collections'] = new Map();
  const handle = (req: RecordedRequest, res: ServerResponse) => {
    if (req.headers['x-typesense-api-key'] !== apiKey) {
      return sendJson(res, 401, {
        message: 'Forbidden - a valid `x-typesense-api-key` header must be sent.',
      });
    }
    const url = new URL(req.url, 'http://x');
    const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    if (parts[0] !== 'collections') return sendJson(res, 404, { message: 'Not Found' });
    if (parts.length === 1 && req.method === 'POST') {
      const body = JSON.parse(req.body.toString()) as { name: string; fields: Field[] };
      if (collections.has(body.name)) {
        return sendJson(res, 409, { message: `A collection with name \`${body.name}\` already exists.` });
      }
      collections.set(body.name, { fields: body.fields, docs: new Map() });
      return sendJson(res, 201, { name: body.name, fields: body.fields, num_documents: 0 });
    }
    const col = collections.get(parts[1] ?? '');
    if (!col) return sendJson(res, 404, { message: 'Not Found' });
    if (parts.length === 2 && req.method === 'GET') {
      return sendJson(res, 200, { name: parts[1], fields: col.fields, num_documents: col.docs.size });
    }
    if (parts[2] !== 'documents') return sendJson(res, 404, { message: 'Not Found' });
    if (parts[3] === 'import' && req.method === 'POST') {
      const lines = req.body.toString().split('\n').filter(Boolean);
      const results = lines.map((line) => {
        const doc = JSON.parse(line) as Doc;
        const missing = col.fields.find((f) => !f.optional && doc[f.name] === undefined);
        if (missing) {
          return {
            success: false,
            error: `Field \`${missing.name}\` has been declared in the schema, but is not found in the document.`,
            document: line,
          };
        }
        if (
          col.fields.some(
            (f) => f.type === 'int32' && doc[f.name] !== undefined && !Number.isInteger(doc[f.name]),
          )
        ) {
          return { success: false, error: 'Field must be an int32.', document: line };
        }
        col.docs.set(doc.id, doc);
        return { success: true };
      });
      res.writeHead(200, { 'content-type': 'text/plain' });
      return res.end(results.map((r) => JSON.stringify(r)).join('\n'));
    }
    if (parts[3] === 'search' && req.method === 'GET') {
      const q = url.searchParams.get('q') ?? '';
      const queryBy = (url.searchParams.get('query_by') ?? '').split(',');
      const filters = parseFilter(url.searchParams.get('filter_by') ?? '');
      const perPage = Number(url.searchParams.get('per_page') ?? 10);
      const terms = [...new Set(words(q).map(stem))];
      const scored = [...col.docs.values()]
        .filter((d) => filters.every((f) => f(d)))
        .map((d) => {
          const text = words(queryBy.map((f) => String(d[f] ?? '')).join(' '));
          const score = terms.filter((t) => text.some((w) => w.startsWith(t))).length;
          return { d, score };
        })
        .filter((s) => s.score > 0)
        .sort((a, b) => b.score - a.score);
      return sendJson(res, 200, {
        found: scored.length,
        page: 1,
        hits: scored
          .slice(0, perPage)
          .map((s) => ({ document: { id: s.d.id }, text_match: s.score * 1000, highlights: [] })),
      });
    }
    if (parts.length === 3 && req.method === 'DELETE') {
      const filters = parseFilter(url.searchParams.get('filter_by') ?? '');
      let n = 0;
      for (const [id, d] of col.docs) {
        if (filters.every((f) => f(d))) {
          col.docs.delete(id);
          n += 1;
        }
      }
      return sendJson(res, 200, { num_deleted: n });
    }
    return sendJson(res, 404, { message: 'Not Found' });
  };
  const server = await startLocalHttpServer(handle);
  return Object.assign(server, { apiKey, collections });
}
