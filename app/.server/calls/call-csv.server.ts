import { csvCell } from '../audit/audit-query.server.ts';
import { listCalls, type CallFilters, type CallListItem } from './call-query.server.ts';

const HEADER = [
  'id',
  'started_at',
  'direction',
  'from',
  'to',
  'agent',
  'version',
  'duration_s',
  'disposition',
  'end_reason',
  'sip_cause',
  'turns',
  'avg_response_ms',
  'issues',
  'open_issues',
  'tags',
  'summary',
  'outcomes',
];

function line(call: CallListItem): string {
  return [
    call.id,
    call.startedAt,
    call.direction,
    call.from,
    call.to,
    call.agent?.name ?? '',
    call.versionNumber === null ? '' : String(call.versionNumber),
    call.durationMs === null ? '' : (call.durationMs / 1000).toFixed(1),
    call.disposition ?? '',
    call.endReason ?? '',
    call.sipCause ?? '',
    String(call.turnCount),
    call.avgResponseMs === null ? '' : String(call.avgResponseMs),
    String(call.issueCount),
    String(call.openIssueCount),
    call.tags.join('; '),
    call.summary ?? '',
    Object.keys(call.outcomes).length > 0 ? JSON.stringify(call.outcomes) : '',
  ]
    .map(csvCell)
    .join(',');
}

/**
 * The filtered calls as CSV, newest first, read page by page through the same keyset pagination as the
 * list (memory stays flat for any size). `onRow` reports progress.
 */
export async function* callsCsv(
  projectId: string,
  filters: CallFilters,
  onRow: (written: number) => void = () => undefined,
): AsyncGenerator<string> {
  yield `\uFEFF${HEADER.join(',')}\r\n`;
  let cursor: string | undefined;
  let written = 0;
  do {
    const page = await listCalls(projectId, {
      ...filters,
      sort: '-startedAt',
      limit: 200,
      ...(cursor ? { cursor } : {}),
    });
    if (page.calls.length > 0) yield page.calls.map((c) => `${line(c)}\r\n`).join('');
    written += page.calls.length;
    onRow(written);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}
