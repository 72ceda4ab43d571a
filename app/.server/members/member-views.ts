// What the members API answers: MemberView and InvitationView as JSON (documented in the OpenAPI file).
import { z } from 'zod';
import { roleSchema } from '../access/access-views.ts';
import { isoDateTime } from '../api/api-schemas.ts';

export const memberView = z
  .object({
    userId: z.uuid(),
    email: z.string(),
    name: z.string().nullable(),
    role: roleSchema,
    joinedAt: isoDateTime,
  })
  .meta({ id: 'Member' });

export const invitationView = z
  .object({
    id: z.uuid(),
    role: roleSchema,
    email: z.string().nullable().describe('Only this address may accept, when set'),
    createdAt: isoDateTime,
    expiresAt: isoDateTime,
  })
  .meta({ id: 'Invitation' });

export const membersPage = z.object({ members: z.array(memberView), invitations: z.array(invitationView) });

export const createdInvitationView = z.object({
  invitation: invitationView,
  token: z.string(),
  url: z.string().describe('The invite link to send'),
});

export const acceptedInvitationView = z.object({
  projectId: z.uuid(),
  userId: z.uuid(),
  role: roleSchema,
  accessToken: z.string().optional().describe('Only when an account was created'),
  refreshToken: z.string().optional(),
  expiresIn: z.number().int().optional(),
});
