import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { ROLES, type Role } from '../access/permissions.ts';
import { canGrantRole } from '../access/role-rules.ts';
import { auditAs, type ServiceContext } from '../access/service-context.ts';
import { ServiceError } from '../errors/service-error.ts';
import { appendAudit } from '../audit/audit-log.server.ts';
import { hashPassword } from '../auth/password.server.ts';
import { db } from '../db.ts';

export const INVITATION_TTL_DAYS = 7;

export const createInvitationInput = z.object({
  role: z.enum(ROLES, { error: 'Choose a role' }),
  /** When set, only this address may accept; otherwise whoever holds the link. */
  email: z
    .email({ error: 'Enter a valid email address' })
    .transform((e) => e.trim().toLowerCase())
    .nullish(),
});
export type CreateInvitationInput = z.infer<typeof createInvitationInput>;

export const registerInput = z.object({
  name: z.string().trim().min(1, 'Name is required').max(100, 'At most 100 characters'),
  email: z.email({ error: 'Enter a valid email address' }).transform((e) => e.trim().toLowerCase()),
  password: z.string().min(10, 'At least 10 characters').max(200, 'At most 200 characters'),
});
export type RegisterInput = z.infer<typeof registerInput>;

/** `{token}` when signed in, `{token, register}` to create the account that joins. */
export const acceptInvitationInput = z.union([
  z.object({ token: z.string().min(20).max(100), register: registerInput }),
  z.object({ token: z.string().min(20).max(100) }),
]);

export interface InvitationView {
  id: string;
  role: Role;
  email: string | null;
  createdAt: Date;
  expiresAt: Date;
}

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');
const viewSelect = { id: true, role: true, email: true, createdAt: true, expiresAt: true } as const;

/** The link path for a token; the app prepends its own origin. */
export const invitationPath = (token: string) => `/invite/${token}`;

/** Pending invitations (not accepted, revoked or expired). */
export async function listPendingInvitations(projectId: string): Promise<InvitationView[]> {
  return db().invitation.findMany({
    where: { projectId, acceptedAt: null, revokedAt: null, expiresAt: { gt: new Date() } },
    select: viewSelect,
    orderBy: { createdAt: 'desc' },
  });
}

export async function createInvitation(
  ctx: ServiceContext,
  input: CreateInvitationInput,
): Promise<{ invitation: InvitationView; token: string }> {
  const { access } = ctx;
  if (!canGrantRole(access.role, input.role)) {
    throw new ServiceError(
      403,
      'role_not_grantable',
      `Your role (${access.role}) cannot invite ${input.role}s.`,
      {
        role: [`Your role cannot invite ${input.role}s`],
      },
    );
  }
  const token = randomBytes(32).toString('base64url');
  const invitation = await db().invitation.create({
    data: {
      projectId: access.projectId,
      role: input.role,
      email: input.email ?? null,
      tokenHash: hashToken(token),
      createdByUserId: access.user?.id ?? null,
      expiresAt: new Date(Date.now() + INVITATION_TTL_DAYS * 86_400_000),
    },
    select: viewSelect,
  });
  await auditAs(ctx, {
    action: 'member.invite',
    targetType: 'invitation',
    targetId: invitation.id,
    diff: { after: { role: invitation.role, email: invitation.email, expiresAt: invitation.expiresAt } },
  });
  return { invitation, token };
}

export async function revokeInvitation(ctx: ServiceContext, invitationId: string): Promise<void> {
  const { access } = ctx;
  const found = await db().invitation.findFirst({
    where: { id: invitationId, projectId: access.projectId },
    select: { id: true, role: true, acceptedAt: true, revokedAt: true },
  });
  if (!found) throw new ServiceError(404, 'invitation_not_found', 'No such invitation in this project.');
  if (found.acceptedAt)
    throw new ServiceError(409, 'invitation_accepted', 'This invitation was already used.');
  if (found.revokedAt) return;
  if (!canGrantRole(access.role, found.role)) {
    throw new ServiceError(403, 'forbidden', `Your role (${access.role}) cannot revoke this invitation.`);
  }
  await db().invitation.update({ where: { id: found.id }, data: { revokedAt: new Date() } });
  await auditAs(ctx, {
    action: 'member.invite_revoke',
    targetType: 'invitation',
    targetId: found.id,
    diff: { before: { role: found.role } },
  });
}

export type InvitationPreview =
  | { status: 'valid'; projectName: string; role: Role; email: string | null; inviterName: string | null }
  | { status: 'invalid' };

/** What the invite page shows before anyone accepts; used, revoked, expired and unknown look the same. */
export async function previewInvitation(token: string): Promise<InvitationPreview> {
  const inv = await db().invitation.findUnique({
    where: { tokenHash: hashToken(token) },
    select: {
      role: true,
      email: true,
      acceptedAt: true,
      revokedAt: true,
      expiresAt: true,
      createdByUserId: true,
      project: { select: { name: true } },
    },
  });
  if (!inv || inv.acceptedAt || inv.revokedAt || inv.expiresAt <= new Date()) return { status: 'invalid' };
  const inviter = inv.createdByUserId
    ? await db().user.findUnique({ where: { id: inv.createdByUserId }, select: { name: true, email: true } })
    : null;
  return {
    status: 'valid',
    projectName: inv.project.name,
    role: inv.role,
    email: inv.email,
    inviterName: inviter ? (inviter.name ?? inviter.email) : null,
  };
}

const invalidInvitation = () =>
  new ServiceError(
    410,
    'invitation_invalid',
    'This invitation link has expired, was revoked or was already used.',
  );

/** Refusals that cost a lookup, checked before any password work (an argon2 hash costs 64 MiB and ~55 ms). */
async function refuseCheaply(token: string, who: { userId: string } | { register: RegisterInput }) {
  const inv = await db().invitation.findUnique({
    where: { tokenHash: hashToken(token) },
    select: { acceptedAt: true, revokedAt: true, expiresAt: true },
  });
  if (!inv || inv.acceptedAt || inv.revokedAt || inv.expiresAt <= new Date()) throw invalidInvitation();
  if ('register' in who) {
    const taken = await db().user.findUnique({ where: { email: who.register.email }, select: { id: true } });
    if (taken) throw emailTaken();
  }
}

const emailTaken = () =>
  new ServiceError(409, 'email_taken', 'An account with this email exists: sign in to accept.', {
    email: ['An account with this email exists: sign in to accept'],
  });

/**
 * Accepts an invitation for a user (existing, or registered here in the same transaction). A dead link or a
 * taken email is refused before the password is hashed; the link is then claimed with one conditional
 * UPDATE, so two people opening it at once cannot both join. Throws PasswordWorkBusyError when password
 * work is queued up (the routes answer 503 with Retry-After).
 */
export async function acceptInvitation(
  token: string,
  who: { userId: string } | { register: RegisterInput },
  client: { ip: string; userAgent: string },
): Promise<{ projectId: string; userId: string; role: Role }> {
  await refuseCheaply(token, who);
  const passwordHash = 'register' in who ? await hashPassword(who.register.password) : undefined;
  const result = await db().$transaction(async (tx) => {
    const claimed = await tx.$queryRaw<{ id: string; projectId: string; role: Role; email: string | null }[]>`
      UPDATE invitations SET "acceptedAt" = now()
      WHERE "tokenHash" = ${hashToken(token)} AND "acceptedAt" IS NULL AND "revokedAt" IS NULL AND "expiresAt" > now()
      RETURNING id, "projectId", role::text AS role, email`;
    const inv = claimed[0];
    if (!inv) throw invalidInvitation();

    let userId: string;
    let email: string;
    if ('register' in who) {
      const taken = await tx.user.findUnique({ where: { email: who.register.email }, select: { id: true } });
      if (taken) throw emailTaken();
      const user = await tx.user.create({
        data: { email: who.register.email, name: who.register.name, passwordHash: passwordHash! },
        select: { id: true, email: true },
      });
      userId = user.id;
      email = user.email;
    } else {
      const user = await tx.user.findUnique({ where: { id: who.userId }, select: { id: true, email: true } });
      if (!user) throw invalidInvitation();
      userId = user.id;
      email = user.email;
    }
    if (inv.email && inv.email !== email) {
      throw new ServiceError(403, 'invitation_for_other_email', `This invitation is for ${inv.email}.`, {
        email: [`This invitation is for ${inv.email}`],
      });
    }
    const existing = await tx.membership.findUnique({
      where: { userId_projectId: { userId, projectId: inv.projectId } },
      select: { id: true },
    });
    if (existing) throw new ServiceError(409, 'already_member', 'You are already a member of this project.');
    await tx.membership.create({ data: { userId, projectId: inv.projectId, role: inv.role } });
    await tx.invitation.update({ where: { id: inv.id }, data: { acceptedByUserId: userId } });
    return {
      projectId: inv.projectId,
      userId,
      role: inv.role,
      invitationId: inv.id,
      registered: 'register' in who,
    };
  });
  await appendAudit(db(), {
    projectId: result.projectId,
    actorUserId: result.userId,
    action: 'member.join',
    targetType: 'invitation',
    targetId: result.invitationId,
    diff: { after: { role: result.role, registered: result.registered } },
    ip: client.ip,
    userAgent: client.userAgent,
  });
  return { projectId: result.projectId, userId: result.userId, role: result.role };
}
