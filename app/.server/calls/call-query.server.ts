import { z } from 'zod';
import { Prisma } from '../../../prisma/generated/prisma/client.ts';
import type { CallListItem } from '../../lib/calls/call-list-item.ts';
import { normalizeTag } from '../../lib/calls/tag-values.ts';
import { db } from '../db.ts';

const isoDate = z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time' });
/** A comma-separated list of allowed values ("inbound,outbound"); a wrong value is reported on the field. */
const csv = <T extends string>(values: readonly [T, ...T[]]) =>
  z
    .string()
    .refine((s) => s.split(',').every((v) => (values as readonly string[]).includes(v)), {
      message: `must be among ${values.join(', ')}`,
    })
    .transform((s) => s.split(',') as T[]);

export const CALL_DIRECTIONS = ['inbound', 'outbound', 'browser', 'test'] as const;
export const CALL_SORTS = ['-startedAt', 'startedAt', '-duration', 'duration'] as const;

export const callFilters = z
  .object({
    from: isoDate.optional(),
    to: isoDate.optional(),
    agentId: z.uuid('must be an agent id').optional(),
    versionId: z.uuid('must be a version id').optional(),
    /** Either side of the call: the caller's number or the dialled one. */
    number: z.string().trim().min(1).max(100).optional(),
    /** The caller's number, exactly or by its beginning ("+7999"). */
    caller: z.string().trim().min(1).max(100).optional(),
    direction: csv(CALL_DIRECTIONS).optional(),
    disposition: z.string().trim().min(1).max(100).optional(),
    /** Duration bounds in seconds. */
    minDuration: z.coerce.number().min(0).max(86_400).optional(),
    maxDuration: z.coerce.number().min(0).max(86_400).optional(),
    hasIssues: z.enum(['true', 'false'], { error: 'must be true or false' }).optional(),
    /** Calls carrying every one of these tags ("vip,callback"). */
    tag: z
      .string()
      .max(1000)
      .transform((s) => [...new Set(s.split(',').map(normalizeTag).filter(Boolean))])
      .refine((tags) => tags.length > 0, 'must name at least one tag')
      .optional(),
    /** Full-text search in transcripts and summaries, Russian and English stemming. */
    q: z.string().trim().min(1).max(200).optional(),
  })
  .refine((f) => !(f.from && f.to) || new Date(f.from) < new Date(f.to), {
    path: ['to'],
    message: 'must be after from',
  })
  .refine(
    (f) => f.minDuration === undefined || f.maxDuration === undefined || f.minDuration <= f.maxDuration,
    {
      path: ['maxDuration'],
      message: 'must not be below minDuration',
    },
  );
export type CallFilters = z.infer<typeof callFilters>;

export const callListQuery = z.intersection(
  callFilters,
  z.object({
    sort: z.enum(CALL_SORTS, { error: `must be one of ${CALL_SORTS.join(', ')}` }).default('-startedAt'),
    cursor: z.string().max(200).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  }),
);
export type CallListQuery = z.infer<typeof callListQuery>;

export type { CallListItem };

export class CursorError extends Error {}

interface Cursor {
  /** The sort key of the last row: epoch ms of startedAt, or the duration (-1 for none). */
  v: number;
  id: string;
}

const encodeCursor = (c: Cursor) => Buffer.from(JSON.stringify(c)).toString('base64url');
function decodeCursor(text: string): Cursor {
  try {
    const c = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Cursor;
    if (typeof c.v !== 'number' || !z.uuid().safeParse(c.id).success) throw new Error('bad');
    return c;
  } catch {
    throw new CursorError('must be the nextCursor of a previous page');
  }
}

/** The filter as SQL over `c` (calls) and, with `q`, `s` (inbox.call_search). */
export function filterSql(projectId: string, f: CallFilters): Prisma.Sql {
  const parts: Prisma.Sql[] = [Prisma.sql`c."projectId" = ${projectId}::uuid`];
  if (f.from) parts.push(Prisma.sql`c."startedAt" >= ${new Date(f.from)}`);
  if (f.to) parts.push(Prisma.sql`c."startedAt" < ${new Date(f.to)}`);
  if (f.agentId) parts.push(Prisma.sql`c."agentId" = ${f.agentId}::uuid`);
  if (f.versionId) parts.push(Prisma.sql`c."versionId" = ${f.versionId}::uuid`);
  if (f.number) parts.push(Prisma.sql`(c."fromNumber" = ${f.number} OR c."toNumber" = ${f.number})`);
  if (f.caller) {
    const prefix = `${f.caller.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    parts.push(Prisma.sql`c."fromNumber" LIKE ${prefix}`);
  }
  if (f.direction) parts.push(Prisma.sql`c.direction IN (${Prisma.join(f.direction)})`);
  if (f.disposition) parts.push(Prisma.sql`c.disposition = ${f.disposition}`);
  if (f.minDuration !== undefined)
    parts.push(Prisma.sql`c."durationMs" >= ${Math.round(f.minDuration * 1000)}`);
  if (f.maxDuration !== undefined)
    parts.push(Prisma.sql`c."durationMs" <= ${Math.round(f.maxDuration * 1000)}`);
  if (f.hasIssues === 'true') parts.push(Prisma.sql`c."issueCount" > 0`);
  if (f.hasIssues === 'false') parts.push(Prisma.sql`c."issueCount" = 0`);
  if (f.tag) parts.push(Prisma.sql`c.tags @> ${f.tag}::text[]`);
  if (f.q) {
    parts.push(Prisma.sql`s.project_id = ${projectId}::uuid`);
    parts.push(Prisma.sql`(s.tsv_ru @@ websearch_to_tsquery('russian', ${f.q})
      OR s.tsv_en @@ websearch_to_tsquery('english', ${f.q}))`);
  }
  return Prisma.join(parts, ' AND ');
}

/**
 * With a search, rows come from the search documents: newest first, Postgres walks their own
 * (project, started_at) index and checks each document in place (no join per candidate) or, for a rare word,
 * takes the GIN index; the call row is joined for what passes.
 */
const fromSql = (f: CallFilters) =>
  f.q ? Prisma.sql`inbox.call_search s JOIN calls c ON c.id = s.call_id` : Prisma.sql`calls c`;

/** A row as the list query selects it: the item's fields, with the call's own column names and Dates. */
type Row = Omit<CallListItem, 'from' | 'to' | 'agent' | 'startedAt' | 'endedAt' | 'snippet'> & {
  fromNumber: string;
  toNumber: string;
  agentId: string | null;
  agentName: string | null;
  startedAt: Date;
  endedAt: Date | null;
};

function itemOf(row: Row): CallListItem {
  return {
    id: row.id,
    direction: row.direction,
    from: row.fromNumber,
    to: row.toNumber,
    agent: row.agentId ? { id: row.agentId, name: row.agentName ?? '' } : null,
    versionId: row.versionId,
    versionNumber: row.versionNumber,
    status: row.status,
    startedAt: row.startedAt.toISOString(),
    endedAt: row.endedAt?.toISOString() ?? null,
    durationMs: row.durationMs,
    disposition: row.disposition,
    endReason: row.endReason,
    sipCause: row.sipCause,
    turnCount: row.turnCount,
    openIssueCount: row.openIssueCount,
    issueCount: row.issueCount,
    avgResponseMs: row.avgResponseMs,
    tags: row.tags,
    summary: row.summary,
    outcomes: row.outcomes,
    hasRecording: row.hasRecording,
  };
}

const selectList = Prisma.sql`
  c.id, c.direction, c."fromNumber", c."toNumber", c."agentId", a.name AS "agentName", c."versionId",
  c."versionNumber", c.status, c."startedAt", c."endedAt", c."durationMs", c.disposition, c."endReason",
  c."sipCause", c."turnCount", c."openIssueCount", c."issueCount", c."avgResponseMs", c.tags, c.summary, c.outcomes,
  EXISTS (SELECT 1 FROM call_recordings r WHERE r."callId" = c.id) AS "hasRecording"`;

/**
 * One page of a project's calls. Keyset pagination on (sort key, id): a call inserted while someone pages
 * lands before their cursor or after it, never shifting rows between pages (no OFFSET).
 */
export async function listCalls(
  projectId: string,
  query: CallListQuery,
): Promise<{ calls: CallListItem[]; nextCursor: string | null }> {
  const byDuration = query.sort === '-duration' || query.sort === 'duration';
  const desc = query.sort.startsWith('-');
  const searching = query.q !== undefined && !byDuration;
  const key = byDuration
    ? Prisma.sql`coalesce(c."durationMs", -1)`
    : searching
      ? Prisma.sql`s.started_at`
      : Prisma.sql`c."startedAt"`;
  const idKey = searching ? Prisma.sql`s.call_id` : Prisma.sql`c.id`;
  const where = [filterSql(projectId, query)];
  if (query.cursor) {
    const cursor = decodeCursor(query.cursor);
    const value = byDuration ? Prisma.sql`${cursor.v}::int` : Prisma.sql`${new Date(cursor.v)}::timestamp(3)`;
    where.push(
      desc
        ? Prisma.sql`(${key}, ${idKey}) < (${value}, ${cursor.id}::uuid)`
        : Prisma.sql`(${key}, ${idKey}) > (${value}, ${cursor.id}::uuid)`,
    );
  }
  const order = desc ? Prisma.sql`${key} DESC, ${idKey} DESC` : Prisma.sql`${key} ASC, ${idKey} ASC`;
  const rows = await db().$queryRaw<Row[]>`
    SELECT ${selectList}
    FROM ${fromSql(query)}
    LEFT JOIN agents a ON a.id = c."agentId"
    WHERE ${Prisma.join(where, ' AND ')}
    ORDER BY ${order}
    LIMIT ${query.limit + 1}`;
  const page = rows.slice(0, query.limit);
  const calls = page.map(itemOf);
  if (query.q && calls.length > 0) {
    const snippets = await db().$queryRaw<{ id: string; snippet: string }[]>`
      SELECT s.call_id AS id, ts_headline('russian', s.text, websearch_to_tsquery('russian', ${query.q}),
        'StartSel=[[, StopSel=]], MaxWords=18, MinWords=6, MaxFragments=1') AS snippet
      FROM inbox.call_search s WHERE s.call_id IN (${Prisma.join(calls.map((c) => Prisma.sql`${c.id}::uuid`))})`;
    const byId = new Map(snippets.map((s) => [s.id, s.snippet]));
    for (const call of calls) {
      const snippet = byId.get(call.id);
      if (snippet?.includes('[[')) call.snippet = snippet;
    }
  }
  const last = page.at(-1);
  const nextCursor =
    rows.length > query.limit && last
      ? encodeCursor({
          v: byDuration ? (last.durationMs ?? -1) : last.startedAt.getTime(),
          id: last.id,
        })
      : null;
  return { calls, nextCursor };
}

/** How many calls the filter matches (for export progress). */
export async function countCalls(projectId: string, filters: CallFilters): Promise<number> {
  const [row] = await db().$queryRaw<{ n: bigint }[]>`
    SELECT count(*) AS n FROM ${fromSql(filters)} WHERE ${filterSql(projectId, filters)}`;
  return Number(row?.n ?? 0);
}
