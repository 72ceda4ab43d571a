// One set of factories for the demo seed and the tests.
import type { Db } from '../../app/.server/db.ts';
import { hashPassword } from '../../app/.server/auth/password.server.ts';
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
