/**
 * The first owner of a fresh install: a user, a project and the owner membership, created only while no
 * user exists at all. The web's first-run sign-up and `npm run user:create` share it. Two sign-ups racing
 * on an empty database are serialised by a transaction-scoped advisory lock, so exactly one wins.
 */
import { z } from 'zod';
import { appendAudit } from '../audit/audit-log.server.ts';
import type { Db } from '../db.ts';
import { ServiceError } from '../errors/service-error.ts';
import { hashPassword } from './password.server.ts';

/** Any constant: the lock only has to be the same for every first-run attempt. */
const FIRST_OWNER_LOCK = 7_170_017;

export const firstOwnerInput = z.object({
  name: z.string().trim().min(1, 'Name is required').max(100, 'At most 100 characters'),
  email: z.email({ error: 'Enter a valid email address' }).transform((e) => e.trim().toLowerCase()),
  password: z.string().min(10, 'At least 10 characters').max(200, 'At most 200 characters'),
  project: z.string().trim().min(1, 'Project name is required').max(100, 'At most 100 characters'),
});
export type FirstOwnerInput = z.infer<typeof firstOwnerInput>;

export const setupDone = () =>
  new ServiceError(409, 'setup_done', 'This installation already has users; sign in instead.');

/** True while the installation has no user: the only time first-run sign-up is offered. */
export async function needsFirstOwner(db: Db): Promise<boolean> {
  return (await db.user.count()) === 0;
}

export async function createFirstOwner(
  db: Db,
  input: FirstOwnerInput,
  client: { ip?: string; userAgent?: string; via: 'web' | 'cli' },
): Promise<{ userId: string; projectId: string }> {
  // Hashing first keeps the argon2 work out of the locked transaction.
  const passwordHash = await hashPassword(input.password);
  const created = await db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${FIRST_OWNER_LOCK})`;
    if ((await tx.user.count()) > 0) throw setupDone();
    const user = await tx.user.create({ data: { email: input.email, name: input.name, passwordHash } });
    const project = await tx.project.create({ data: { name: input.project } });
    await tx.membership.create({ data: { userId: user.id, projectId: project.id, role: 'owner' } });
    await tx.user.update({ where: { id: user.id }, data: { lastProjectId: project.id } });
    return { userId: user.id, projectId: project.id };
  });
  await appendAudit(db, {
    projectId: created.projectId,
    actorUserId: created.userId,
    actorType: client.via === 'cli' ? 'system' : 'user',
    action: 'setup.first_owner',
    targetType: 'user',
    targetId: created.userId,
    ...(client.ip ? { ip: client.ip } : {}),
    ...(client.userAgent ? { userAgent: client.userAgent } : {}),
    diff: { after: { email: input.email, project: input.project, via: client.via } },
  });
  return created;
}

/**
 * From a shell (`npm run user:create`), whoever runs it already controls the install: on an empty database
 * this is the first owner; afterwards it adds an owner with a project of that name (the existing one, or a
 * new one). A taken email is refused.
 */
export async function createOwnerFromShell(
  db: Db,
  input: FirstOwnerInput,
): Promise<{ userId: string; projectId: string; first: boolean }> {
  if (await needsFirstOwner(db)) {
    try {
      return { ...(await createFirstOwner(db, input, { via: 'cli' })), first: true };
    } catch (e) {
      // Someone signed up on the web in between: carry on as an added owner.
      if (!(e instanceof ServiceError && e.code === 'setup_done')) throw e;
    }
  }
  if (await db.user.findUnique({ where: { email: input.email }, select: { id: true } }))
    throw new ServiceError(409, 'email_taken', `A user with the email ${input.email} exists.`);
  const passwordHash = await hashPassword(input.password);
  const created = await db.$transaction(async (tx) => {
    const user = await tx.user.create({ data: { email: input.email, name: input.name, passwordHash } });
    const project =
      (await tx.project.findFirst({
        where: { name: input.project, deletedAt: null },
        select: { id: true },
      })) ?? (await tx.project.create({ data: { name: input.project }, select: { id: true } }));
    await tx.membership.create({ data: { userId: user.id, projectId: project.id, role: 'owner' } });
    await tx.user.update({ where: { id: user.id }, data: { lastProjectId: project.id } });
    return { userId: user.id, projectId: project.id };
  });
  await appendAudit(db, {
    projectId: created.projectId,
    actorType: 'system',
    action: 'member.owner_created_from_shell',
    targetType: 'user',
    targetId: created.userId,
    diff: { after: { email: input.email, project: input.project } },
  });
  return { ...created, first: false };
}
