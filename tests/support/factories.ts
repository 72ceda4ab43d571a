// One set of factories for the demo seed and the tests.
import type { Db } from '#server/db.ts';
import { hashPassword } from '#server/auth/password.server.ts';
import type { Role } from '../../prisma/generated/prisma/enums.ts';

export const ROLES: Role[] = ['owner', 'admin', 'builder', 'supervisor', 'operator', 'analyst'];

let passwordHashCache: { password: string; hash: string } | undefined;
async function cachedHash(password: string) {
  // argon2 is slow on purpose; the same password hashes once per process.
  if (passwordHashCache?.password !== password)
    passwordHashCache = { password, hash: await hashPassword(password) };
  return passwordHashCache.hash;
}

export async function createUser(db: Db, opts: { email?: string; name?: string; password?: string } = {}) {
  const email = (opts.email ?? `user-${crypto.randomUUID().slice(0, 8)}@test.local`).toLowerCase();
  return db.user.upsert({
    where: { email },
    update: {},
    create: {
      email,
      name: opts.name ?? email.split('@')[0]!,
      passwordHash: await cachedHash(opts.password ?? 'test-password'),
    },
  });
}

export async function createProject(db: Db, name = `Project ${crypto.randomUUID().slice(0, 6)}`) {
  return db.project.create({ data: { name } });
}

export async function addMember(db: Db, projectId: string, userId: string, role: Role) {
  return db.membership.upsert({
    where: { userId_projectId: { userId, projectId } },
    update: { role },
    create: { userId, projectId, role },
  });
}

/**
 * An agent whose `graph` is published (version 1, live) and reachable at `address` (a SIP user part or a
 * number), as publishing through the studio would leave it.
 */
export async function createPublishedAgent(
  db: Db,
  projectId: string,
  options: { name: string; language: 'ru' | 'en'; graph: object; address?: string },
) {
  const agent = await db.agent.create({
    data: { projectId, name: options.name, language: options.language, draftGraph: options.graph },
  });
  const version = await db.agentVersion.create({
    data: {
      agentId: agent.id,
      projectId,
      number: 1,
      graph: options.graph,
      settings: { name: options.name, language: options.language },
      note: 'seed',
    },
  });
  await db.agent.update({ where: { id: agent.id }, data: { liveVersionId: version.id } });
  if (options.address) {
    await db.phoneNumber.upsert({
      where: { address: options.address },
      update: { projectId, agentId: agent.id },
      create: { projectId, address: options.address, agentId: agent.id, label: options.name },
    });
  }
  return { agent, version };
}
