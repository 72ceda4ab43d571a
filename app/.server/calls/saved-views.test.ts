import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, createProject, createUser } from '../../../tests/support/factories.ts';
import type { ServiceContext } from '../access/service-context.ts';
import { db, disconnectDb } from '../db.ts';
import { deleteView, listSavedViews, saveView } from './saved-views.server.ts';

let projectId: string;
let me: ServiceContext;
let other: ServiceContext;

async function contextFor(role: 'owner' | 'operator'): Promise<ServiceContext> {
  const user = await createUser(db());
  await addMember(db(), projectId, user.id, role);
  const person = { id: user.id, email: user.email, name: user.name };
  return {
    access: { actor: { type: 'user', id: user.id, user: person }, user: person, projectId, role },
    client: { ip: '192.0.2.1', userAgent: 'vitest' },
  };
}

const auditOf = (action: string) =>
  db().auditLog.findMany({ where: { projectId, action }, orderBy: { id: 'asc' } });

beforeAll(async () => {
  projectId = (await createProject(db(), 'Saved views')).id;
  me = await contextFor('owner');
  other = await contextFor('operator');
});
afterAll(async () => {
  await disconnectDb();
});

describe('saved views of the Inbox', () => {
  it('belong to the person who saved them, are replaced by name, and every change is audited', async () => {
    const saved = await saveView(me, { name: 'Missed', query: 'disposition=missed' });
    await saveView(me, { name: 'Missed', query: 'disposition=missed&tag=vip' });
    await saveView(other, { name: 'Theirs', query: 'q=x' });
    expect(await listSavedViews(projectId, me.access.user!.id)).toEqual([
      { id: saved.id, name: 'Missed', query: 'disposition=missed&tag=vip' },
    ]);
    const saves = await auditOf('call_view.save');
    expect(saves.map((e) => [e.actorUserId, e.targetId])).toEqual([
      [me.access.user!.id, saved.id],
      [me.access.user!.id, saved.id],
      [other.access.user!.id, expect.any(String)],
    ]);
    expect(saves[1]).toMatchObject({ targetType: 'call_view', ip: '192.0.2.1' });

    // Another person's view, or an id that is not one, is left alone and says nothing.
    await deleteView(other, saved.id);
    await deleteView(me, 'not-a-uuid');
    expect(await listSavedViews(projectId, me.access.user!.id)).toHaveLength(1);
    expect(await auditOf('call_view.delete')).toEqual([]);

    await deleteView(me, saved.id);
    expect(await listSavedViews(projectId, me.access.user!.id)).toEqual([]);
    const deletes = await auditOf('call_view.delete');
    expect(deletes).toHaveLength(1);
    expect(deletes[0]).toMatchObject({ targetId: saved.id, actorUserId: me.access.user!.id });
  });
});
