/**
 * Deleting a project (owners only, confirmed by typing its name). In one transaction, audited in it: the
 * project becomes a tombstone (deletedAt), and everything that lets anyone or anything reach it goes at
 * once: memberships (so every page and API of it answers 404), invitations, API keys, phone numbers (no call
 * routes to it), SIP connections with their sealed passwords (registrations stop). Then running media
 * servers are told to end its live calls and drop those registrations, and a worker job removes the rest:
 * rows, recordings, Redis keys, and finally the tombstone. The audit entry stays: the audit log is
 * append-only and keeps no foreign key to projects.
 */
import { z } from 'zod';
import type { ServiceContext } from '../access/service-context.ts';
import { ServiceError } from '../errors/service-error.ts';
import { appendAuditInTransaction } from '../audit/audit-log.server.ts';
import { forgetConversations } from '../calls/conversation-keys.ts';
import { db } from '../db.ts';
import { publishTelephony, telephonyRedis } from '../telephony/telephony-bus.server.ts';
import { publishProjectDeleted } from './project-events.server.ts';
import { enqueueJob } from '../queues.ts';

export const deleteProjectInput = z.object({
  name: z.string({ error: 'Type the project’s name to confirm' }).max(200),
});

const notFound = () => new ServiceError(404, 'project_not_found', 'No such project.');
const notConfirmed = () =>
  new ServiceError(400, 'validation_failed', 'Type the project’s name exactly to confirm.', {
    name: ['Type the project’s name exactly to confirm'],
  });

export async function deleteProject(ctx: ServiceContext, confirmName: string): Promise<{ name: string }> {
  const { projectId } = ctx.access;
  const done = await db().$transaction(async (tx) => {
    // The row lock makes two deletions (or a deletion and a membership change) take turns.
    const [project] = await tx.$queryRaw<{ name: string; deletedAt: Date | null }[]>`
      SELECT name, "deletedAt" FROM projects WHERE id = ${projectId}::uuid FOR UPDATE`;
    if (!project || project.deletedAt) throw notFound();
    if (confirmName.trim() !== project.name.trim()) throw notConfirmed();
    const connections = await tx.sipConnection.findMany({ where: { projectId }, select: { id: true } });
    const liveCalls = await tx.call.findMany({
      where: { projectId, status: 'live' },
      select: { externalId: true },
    });
    await tx.project.update({ where: { id: projectId }, data: { deletedAt: new Date() } });
    await tx.membership.deleteMany({ where: { projectId } });
    await tx.invitation.deleteMany({ where: { projectId } });
    await tx.apiKey.deleteMany({ where: { projectId } });
    await tx.phoneNumber.deleteMany({ where: { projectId } });
    await tx.sipConnection.deleteMany({ where: { projectId } });
    await tx.providerAccount.deleteMany({ where: { projectId } });
    await tx.credential.deleteMany({ where: { projectId } });
    await tx.knowledgeSource.updateMany({ where: { projectId }, data: { nextSyncAt: null } });
    await tx.user.updateMany({ where: { lastProjectId: projectId }, data: { lastProjectId: null } });
    await appendAuditInTransaction(tx, {
      projectId,
      actorUserId: ctx.access.actor.id,
      actorType: ctx.access.actor.type,
      ip: ctx.client.ip,
      userAgent: ctx.client.userAgent,
      action: 'project.delete',
      targetType: 'project',
      targetId: projectId,
      diff: {
        before: { name: project.name, connections: connections.length, liveCalls: liveCalls.length },
      },
    });
    return { name: project.name, connections, liveCalls };
  });
  await stopLiveWork(projectId, done.connections, done.liveCalls);
  await enqueueJob('remove-project', { projectId, connectionIds: done.connections.map((c) => c.id) });
  return { name: done.name };
}

/**
 * Media servers end the project's calls (and, told its connections changed, find them gone and
 * un-REGISTER); conversations kept for external media servers (jambonz, the turn API) are dropped, so their
 * next turn finds the call gone. Redis being down only delays this: the removal job deletes the keys, and a
 * media server that starts loads no connection of a deleted project.
 */
async function stopLiveWork(
  projectId: string,
  connections: { id: string }[],
  liveCalls: { externalId: string }[],
): Promise<void> {
  const redis = telephonyRedis();
  try {
    await publishProjectDeleted(redis, projectId);
    for (const { id } of connections)
      await publishTelephony({ type: 'connection.changed', projectId, connectionId: id }, redis);
    await forgetConversations(
      redis,
      liveCalls.map((c) => c.externalId),
    );
  } catch {
    // Reported by the removal job's own clean-up; the deletion itself has happened.
  }
}
