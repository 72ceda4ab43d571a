// One set of factories for the demo seed and the tests.
import type { Db } from '#server/db.ts';
import { hashPassword } from '#server/auth/password.server.ts';
import type { Prisma } from '../../prisma/generated/prisma/client.ts';
import type { Role } from '../../prisma/generated/prisma/enums.ts';

export { ROLES } from '#server/access/permissions.ts';

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

export async function createKnowledgeBase(
  db: Db,
  projectId: string,
  name = `KB ${crypto.randomUUID().slice(0, 6)}`,
) {
  return db.knowledgeBase.create({ data: { projectId, name } });
}

/** A knowledge source row as the API would create it (a Q&A entry unless told otherwise), not yet indexed. */
export async function createKnowledgeSource(
  db: Db,
  knowledgeBase: { id: string; projectId: string },
  fields: Partial<Omit<Prisma.KnowledgeSourceUncheckedCreateInput, 'projectId' | 'knowledgeBaseId'>> = {},
) {
  return db.knowledgeSource.create({
    data: {
      kind: 'qa',
      name: `Source ${crypto.randomUUID().slice(0, 6)}`,
      ...fields,
      projectId: knowledgeBase.projectId,
      knowledgeBaseId: knowledgeBase.id,
    },
  });
}

/** One line of a call's transcript: who spoke and what (`seq` follows the order given). */
export interface TurnSeed {
  speaker: 'caller' | 'agent';
  text: string;
  nodeId?: string;
  responseMs?: number;
}

/**
 * A call record as the call-records writer leaves it (inbound and live unless told otherwise), with its
 * transcript when `turns` are given.
 */
export async function createCall(
  db: Db,
  projectId: string,
  fields: Partial<Omit<Prisma.CallUncheckedCreateInput, 'projectId'>> = {},
  turns: TurnSeed[] = [],
) {
  const call = await db.call.create({
    data: {
      externalId: crypto.randomUUID(),
      direction: 'inbound',
      startedAt: new Date(),
      ...(turns.length ? { turnCount: Math.ceil(turns.length / 2) } : {}),
      ...fields,
      projectId,
    },
  });
  if (turns.length) {
    await db.callTurn.createMany({
      data: turns.map((t, i) => ({
        projectId,
        callId: call.id,
        seq: i,
        turnIndex: Math.floor(i / 2),
        speaker: t.speaker,
        text: t.text,
        ...(t.nodeId ? { nodeId: t.nodeId } : {}),
        ...(t.responseMs !== undefined ? { responseMs: t.responseMs } : {}),
      })),
    });
  }
  return call;
}
