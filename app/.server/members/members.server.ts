import { z } from 'zod';
import { ROLES, type Role } from '../access/permissions.ts';
import { canGrantRole, canManageMember } from '../access/role-rules.ts';
import { auditAs, type ServiceContext } from '../access/service-context.ts';
import { ServiceError } from '../errors/service-error.ts';
import { db } from '../db.ts';

export const changeRoleInput = z.object({ role: z.enum(ROLES, { error: 'Choose a role' }) });

export interface MemberView {
  userId: string;
  email: string;
  name: string | null;
  role: Role;
  joinedAt: Date;
}

export async function listMembers(projectId: string): Promise<MemberView[]> {
  const rows = await db().membership.findMany({
    where: { projectId },
    select: { role: true, createdAt: true, user: { select: { id: true, email: true, name: true } } },
    orderBy: [{ createdAt: 'asc' }],
  });
  return rows.map((m) => ({
    userId: m.user.id,
    email: m.user.email,
    name: m.user.name,
    role: m.role,
    joinedAt: m.createdAt,
  }));
}

const lastOwner = () =>
  new ServiceError(409, 'last_owner', 'A project needs at least one owner: make someone else owner first.');

/**
 * Changes a member's role. The owners are counted under a row lock in the same transaction, so two admins
 * demoting the last two owners at once cannot leave the project without one.
 */
export async function changeMemberRole(ctx: ServiceContext, userId: string, role: Role): Promise<MemberView> {
  const { access } = ctx;
  const result = await db().$transaction(async (tx) => {
    const owners = await tx.$queryRaw<{ userId: string }[]>`
      SELECT "userId" FROM memberships WHERE "projectId" = ${access.projectId}::uuid AND role = 'owner' FOR UPDATE`;
    const member = await tx.membership.findUnique({
      where: { userId_projectId: { userId, projectId: access.projectId } },
      select: {
        id: true,
        role: true,
        createdAt: true,
        user: { select: { id: true, email: true, name: true } },
      },
    });
    if (!member) throw new ServiceError(404, 'member_not_found', 'No such member in this project.');
    if (!canManageMember(access.role, member.role) || !canGrantRole(access.role, role)) {
      throw new ServiceError(403, 'forbidden', `Your role (${access.role}) cannot make this change.`, {
        role: ['Your role cannot grant or change this role'],
      });
    }
    if (member.role === role) return { member, before: member.role };
    if (member.role === 'owner' && role !== 'owner' && owners.length <= 1) throw lastOwner();
    await tx.membership.update({ where: { id: member.id }, data: { role } });
    return { member: { ...member, role }, before: member.role };
  });
  if (result.before !== role) {
    await auditAs(ctx, {
      action: 'member.role_change',
      targetType: 'user',
      targetId: userId,
      diff: { before: { role: result.before }, after: { role } },
    });
  }
  const m = result.member;
  return { userId: m.user.id, email: m.user.email, name: m.user.name, role: m.role, joinedAt: m.createdAt };
}

export async function removeMember(ctx: ServiceContext, userId: string): Promise<void> {
  const { access } = ctx;
  const removed = await db().$transaction(async (tx) => {
    const owners = await tx.$queryRaw<{ userId: string }[]>`
      SELECT "userId" FROM memberships WHERE "projectId" = ${access.projectId}::uuid AND role = 'owner' FOR UPDATE`;
    const member = await tx.membership.findUnique({
      where: { userId_projectId: { userId, projectId: access.projectId } },
      select: { id: true, role: true, user: { select: { email: true } } },
    });
    if (!member) throw new ServiceError(404, 'member_not_found', 'No such member in this project.');
    if (!canManageMember(access.role, member.role)) {
      throw new ServiceError(403, 'forbidden', `Your role (${access.role}) cannot remove a ${member.role}.`);
    }
    if (member.role === 'owner' && owners.length <= 1) throw lastOwner();
    await tx.membership.delete({ where: { id: member.id } });
    return member;
  });
  await auditAs(ctx, {
    action: 'member.remove',
    targetType: 'user',
    targetId: userId,
    diff: { before: { email: removed.user.email, role: removed.role } },
  });
}
