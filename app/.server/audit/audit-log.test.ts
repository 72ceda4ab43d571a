import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { db, disconnectDb } from '../db.ts';
import { appendAudit, verifyAuditChain } from './audit-log.server.ts';

afterAll(disconnectDb);

async function sql(query: string, params: unknown[] = []) {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    return await client.query(query, params);
  } finally {
    await client.end();
  }
}

describe('audit log', () => {
  it('chains entries, masks secrets, and verifies', async () => {
    await appendAudit(db(), {
      action: 'credential.create',
      targetType: 'credential',
      targetId: 'c1',
      diff: { after: { name: 'openai', apiKey: 'sk-123456789' } },
    });
    await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        appendAudit(db(), { action: 'test.parallel', targetId: String(i) }),
      ),
    );
    const row = await db().auditLog.findFirst({ where: { action: 'credential.create' } });
    expect(JSON.stringify(row?.diff)).not.toContain('sk-123456789');
    expect(await verifyAuditChain(db())).toMatchObject({ ok: true });
  });

  it('cannot be updated, deleted or truncated, even with plain SQL', async () => {
    await expect(sql(`UPDATE audit_log SET action = 'x'`)).rejects.toThrow(/append-only/);
    await expect(sql(`DELETE FROM audit_log`)).rejects.toThrow(/append-only/);
    await expect(sql(`TRUNCATE audit_log`)).rejects.toThrow(/append-only/);
  });

  it('audit:verify finds an edited entry and a removed one', async () => {
    await appendAudit(db(), {
      action: 'member.role_change',
      targetId: 'm1',
      diff: { before: { role: 'operator' }, after: { role: 'admin' } },
    });
    await appendAudit(db(), { action: 'after.edit', targetId: 'm2' });
    const target = await db().auditLog.findFirst({ where: { action: 'member.role_change' } });
    // Someone with the table owner's powers goes around the trigger.
    await sql(`ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update_or_delete`);
    try {
      await sql(`UPDATE audit_log SET diff = '{"after":{"role":"owner"}}' WHERE id = $1`, [
        String(target!.id),
      ]);
      expect(await verifyAuditChain(db())).toMatchObject({
        ok: false,
        brokenAtId: String(target!.id),
        reason: 'this entry was edited',
      });

      await sql(`UPDATE audit_log SET diff = $2 WHERE id = $1`, [
        String(target!.id),
        JSON.stringify(target!.diff),
      ]);
      expect(await verifyAuditChain(db())).toMatchObject({ ok: true });

      await sql(`DELETE FROM audit_log WHERE id = $1`, [String(target!.id)]);
      const broken = await verifyAuditChain(db());
      expect(broken).toMatchObject({ ok: false, reason: 'an entry before this one was removed or changed' });
    } finally {
      await sql(`ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update_or_delete`);
    }
  });
});
