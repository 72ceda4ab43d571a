import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, createProject, createUser } from '../../tests/support/factories';
import { appendAudit } from '~/.server/audit/audit-log.server';
import { authContext } from '~/.server/auth/auth-context.server';
import { signAccessToken } from '~/.server/auth/jwt.server';
import { db, disconnectDb } from '~/.server/db';
import { loader } from './api.v1.projects.$projectId.audit-log';
import { loader as csvLoader } from './api.v1.projects.$projectId.audit-log[.csv]';

let projectId: string;
let headers: Record<string, string>;

beforeAll(async () => {
  const user = await createUser(db());
  projectId = (await createProject(db())).id;
  await addMember(db(), projectId, user.id, 'admin');
  const token = await signAccessToken(authContext().keys, {
    userId: user.id,
    sessionId: crypto.randomUUID(),
  });
  headers = { authorization: `Bearer ${token}` };
  for (let i = 0; i < 5; i++)
    await appendAudit(db(), {
      projectId,
      action: i % 2 ? 'agent.publish' : 'member.invite',
      targetId: String(i),
    });
  await appendAudit(db(), { projectId: null, action: 'member.invite', targetId: 'elsewhere' });
});
afterAll(async () => {
  await authContext().redis.quit();
  await disconnectDb();
});

async function page(query: string) {
  const request = new Request(`http://localhost/api/v1/projects/${projectId}/audit-log?${query}`, {
    headers,
  });
  const res = (await loader({ request, params: { projectId }, context: {} })) as Response;
  return (await res.json()) as { entries: { targetId: string; action: string }[]; nextCursor: string | null };
}

describe('GET /api/v1/projects/{projectId}/audit-log', () => {
  it('pages newest first with a cursor, never showing other projects', async () => {
    const first = await page('limit=2');
    expect(first.entries.map((e) => e.targetId)).toEqual(['4', '3']);
    const second = await page(`limit=2&cursor=${first.nextCursor}`);
    expect(second.entries.map((e) => e.targetId)).toEqual(['2', '1']);
    const last = await page(`limit=2&cursor=${second.nextCursor}`);
    expect(last.entries.map((e) => e.targetId)).toEqual(['0']);
    expect(last.nextCursor).toBeNull();
  });

  it('filters by action', async () => {
    const invites = await page('action=member.invite');
    expect(invites.entries.map((e) => e.targetId)).toEqual(['4', '2', '0']);
  });
});

describe('GET /api/v1/projects/{projectId}/audit-log.csv', () => {
  it('exports the filtered log as CSV, neutralises formulas, and audits the export', async () => {
    await appendAudit(db(), { projectId, action: 'member.invite', targetId: '=HYPERLINK("x")' });
    const request = new Request(
      `http://localhost/api/v1/projects/${projectId}/audit-log.csv?action=member.*`,
      { headers },
    );
    const res = (await csvLoader({ request, params: { projectId }, context: {} })) as Response;
    expect(res.headers.get('content-type')).toContain('text/csv');
    const lines = (await res.text()).trim().split('\r\n');
    expect(lines[0]).toBe('id,createdAt,action,actorType,actor,targetType,targetId,ip,userAgent,diff');
    expect(lines.slice(1).every((l) => l.includes(',member.invite,'))).toBe(true);
    expect(lines).toHaveLength(1 + 4);
    expect(lines[1]).toContain(`"'=HYPERLINK(""x"")"`);
    const exported = await db().auditLog.findFirst({ where: { projectId, action: 'audit.export' } });
    expect(exported).not.toBeNull();
  });
});
