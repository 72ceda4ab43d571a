import { Prisma } from '../../../prisma/generated/prisma/client.ts';
import { db } from '../db.ts';

export type HomeStepId = 'agent' | 'number' | 'test' | 'call';

export interface HomeStep {
  id: HomeStepId;
  done: boolean;
  /** Where its button goes, inside the project. */
  path: string;
}

export interface HomeFigures {
  calls: number;
  handled: number;
  transferred: number;
  failed: number;
  /** null when no turn was answered in the period. */
  p95ReplyMs: number | null;
}

export interface HomeData {
  steps: HomeStep[];
  today: HomeFigures;
  week: HomeFigures;
  /** Calls per day for the last 7 days, oldest first, days in the project's time zone (YYYY-MM-DD). */
  days: { day: string; calls: number }[];
  /** For operators: open handoffs are not yet modelled, so the latest calls that were transferred. */
  recentTransfers: { id: string; from: string; at: string }[];
  openIssues: number;
}

/** The checklist from zero to a first real call, each step done or not and a link to do it. */
async function steps(projectId: string): Promise<HomeStep[]> {
  const [agent, number, test, call] = await Promise.all([
    db().agent.findFirst({ where: { projectId }, select: { id: true }, orderBy: { createdAt: 'asc' } }),
    db().phoneNumber.count({ where: { projectId } }),
    db().call.count({ where: { projectId, direction: { in: ['test', 'browser'] } } }),
    db().call.findFirst({
      where: { projectId, direction: { in: ['inbound', 'outbound'] } },
      select: { id: true },
      orderBy: { startedAt: 'desc' },
    }),
  ]);
  return [
    { id: 'agent', done: agent !== null, path: agent ? 'agents' : 'agents?new=1' },
    { id: 'number', done: number > 0, path: 'numbers' },
    { id: 'test', done: test > 0, path: agent ? `agents/${agent.id}` : 'agents' },
    { id: 'call', done: call !== null, path: call ? `inbox/${call.id}` : 'inbox' },
  ];
}

interface FigureRow {
  calls: bigint;
  handled: bigint;
  transferred: bigint;
  failed: bigint;
  p95: number | null;
}

/** Real calls only (test-console conversations are not the business's figures). */
async function figures(projectId: string, since: Date): Promise<HomeFigures> {
  const [row] = await db().$queryRaw<FigureRow[]>(Prisma.sql`
    SELECT
      count(*) AS calls,
      count(*) FILTER (WHERE c.status = 'ended' AND coalesce(c."endReason", '') NOT IN ('transferred', 'error'))
        AS handled,
      count(*) FILTER (WHERE c."endReason" = 'transferred') AS transferred,
      count(*) FILTER (WHERE c."endReason" = 'error') AS failed,
      (SELECT percentile_cont(0.95) WITHIN GROUP (ORDER BY t."responseMs")
         FROM call_turns t JOIN calls c2 ON c2.id = t."callId"
        WHERE c2."projectId" = ${projectId}::uuid AND c2.direction <> 'test' AND c2."startedAt" >= ${since}
          AND t."responseMs" IS NOT NULL) AS p95
    FROM calls c
    WHERE c."projectId" = ${projectId}::uuid AND c.direction <> 'test' AND c."startedAt" >= ${since}`);
  return {
    calls: Number(row?.calls ?? 0),
    handled: Number(row?.handled ?? 0),
    transferred: Number(row?.transferred ?? 0),
    failed: Number(row?.failed ?? 0),
    p95ReplyMs: row?.p95 === null || row?.p95 === undefined ? null : Math.round(Number(row.p95)),
  };
}

/** Midnight today in the time zone, as an instant. */
export function startOfDay(now: Date, timeZone: string): Date {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(now);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const sinceMidnightMs = ((get('hour') * 60 + get('minute')) * 60 + get('second')) * 1000;
  return new Date(now.getTime() - sinceMidnightMs - now.getMilliseconds());
}

export async function homeData(projectId: string, timeZone: string, now = new Date()): Promise<HomeData> {
  const today = startOfDay(now, timeZone);
  const weekStart = new Date(today.getTime() - 6 * 86_400_000);
  const [checklist, todayFigures, weekFigures, perDay, transfers, openIssues] = await Promise.all([
    steps(projectId),
    figures(projectId, today),
    figures(projectId, weekStart),
    db().$queryRaw<{ day: string; calls: bigint }[]>(Prisma.sql`
      SELECT to_char(c."startedAt" AT TIME ZONE ${timeZone}, 'YYYY-MM-DD') AS day, count(*) AS calls
      FROM calls c
      WHERE c."projectId" = ${projectId}::uuid AND c.direction <> 'test' AND c."startedAt" >= ${weekStart}
      GROUP BY 1`),
    db().call.findMany({
      where: { projectId, endReason: 'transferred', direction: { not: 'test' } },
      select: { id: true, fromNumber: true, startedAt: true },
      orderBy: { startedAt: 'desc' },
      take: 5,
    }),
    db()
      .callIssue.count({ where: { projectId, status: 'open' } })
      .catch(() => 0),
  ]);
  const counts = new Map(perDay.map((r) => [r.day, Number(r.calls)]));
  const days = Array.from({ length: 7 }, (_, i) => {
    const day = new Intl.DateTimeFormat('en-CA', { timeZone }).format(
      new Date(weekStart.getTime() + i * 86_400_000 + 12 * 3_600_000),
    );
    return { day, calls: counts.get(day) ?? 0 };
  });
  return {
    steps: checklist,
    today: todayFigures,
    week: weekFigures,
    days,
    recentTransfers: transfers.map((c) => ({
      id: c.id,
      from: c.fromNumber,
      at: c.startedAt.toISOString(),
    })),
    openIssues,
  };
}
