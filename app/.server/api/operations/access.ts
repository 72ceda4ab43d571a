// Operations of sign-in, projects, members and invite links, API keys and the audit log.
import { z } from 'zod';
import { projectWithRoleView, userView } from '../../access/access-views.ts';
import { createProjectInput } from '../../access/create-project.server.ts';
import { createdApiKeyView, apiKeyView } from '../../api-keys/api-key-views.ts';
import { createApiKeyInput } from '../../api-keys/api-keys.server.ts';
import { auditExportQuery, auditQuery } from '../../audit/audit-query.server.ts';
import { auditPage } from '../../audit/audit-views.ts';
import { refreshInput, signInInput, signOutInput, tokenPairView } from '../../auth/auth-schemas.ts';
import { acceptInvitationInput, createInvitationInput } from '../../members/invitations.server.ts';
import {
  acceptedInvitationView,
  createdInvitationView,
  memberView,
  membersPage,
} from '../../members/member-views.ts';
import { changeRoleInput } from '../../members/members.server.ts';
import { deleteProjectInput } from '../../projects/delete-project.server.ts';
import type { ApiOperation } from '../api-operation.ts';

const auth = ['auth'];
const projects = ['projects'];
const members = ['members'];
const apiKeys = ['api-keys'];
const audit = ['audit'];
const csv = { description: 'CSV', contentType: 'text/csv' };

export const accessOperations: ApiOperation[] = [
  {
    method: 'post',
    path: '/auth/login',
    operationId: 'signIn',
    summary: 'Sign in with email and password',
    tags: auth,
    permission: 'public',
    body: signInInput,
    responses: { 200: tokenPairView },
    errors: {
      401: 'Wrong email or password',
      429: 'Too many attempts from this address, or failures for this account from it (`throttled`): wait `Retry-After` seconds',
    },
  },
  {
    method: 'post',
    path: '/auth/refresh',
    operationId: 'refreshSession',
    summary: 'Exchange a refresh token for a new pair (the old one stops working)',
    tags: auth,
    permission: 'public',
    body: refreshInput,
    responses: { 200: tokenPairView },
    errors: { 401: 'Unknown, expired, revoked or reused token (reuse revokes the whole sign-in)' },
  },
  {
    method: 'post',
    path: '/auth/logout',
    operationId: 'signOut',
    summary:
      'End this sign-in, named by `refreshToken` or by the Bearer access token: its refresh and access tokens stop working at once',
    tags: auth,
    permission: 'public',
    body: signOutInput,
    responses: { 204: null },
  },
  {
    method: 'post',
    path: '/auth/logout-all',
    operationId: 'signOutEverywhere',
    summary: 'Log out everywhere: every session of the caller ends; access tokens stop working at once',
    tags: auth,
    permission: 'signed-in',
    responses: { 204: null },
  },
  {
    method: 'get',
    path: '/me',
    operationId: 'getMe',
    summary: 'The signed-in user',
    tags: auth,
    permission: 'signed-in',
    responses: { 200: userView },
  },
  {
    method: 'get',
    path: '/projects',
    operationId: 'listProjects',
    summary: 'Projects the caller is a member of, with the role in each',
    tags: projects,
    permission: 'signed-in',
    responses: { 200: z.object({ projects: z.array(projectWithRoleView) }) },
  },
  {
    method: 'post',
    path: '/projects',
    operationId: 'createProject',
    summary: 'Create a project; the caller becomes its owner (audited)',
    tags: projects,
    permission: 'signed-in',
    body: createProjectInput,
    responses: { 201: projectWithRoleView },
    rateLimit: 'project-create',
  },
  {
    method: 'get',
    path: '/projects/{projectId}',
    operationId: 'getProject',
    summary: 'The project: id, name and the caller’s role in it',
    tags: projects,
    permission: 'project.read',
    responses: { 200: projectWithRoleView },
  },
  {
    method: 'delete',
    path: '/projects/{projectId}',
    operationId: 'deleteProject',
    summary:
      'Delete the project (owners only), confirmed by its exact name. At once: every page and API of it answers 404, its API keys stop working, its numbers stop routing calls, its live calls end and its SIP trunks un-register. Its data is removed by a worker shortly after. Audited; the audit entry is kept.',
    tags: projects,
    permission: 'project.delete',
    body: deleteProjectInput,
    responses: { 202: null },
    errors: {
      400: 'The name does not match (fields.name)',
      403: 'Only owners delete a project (API keys never can)',
    },
  },
  {
    method: 'get',
    path: '/projects/{projectId}/audit-log',
    operationId: 'listAuditLog',
    summary: "The project's audit log, newest first, a page at a time",
    tags: audit,
    permission: 'audit.read',
    query: auditQuery,
    responses: { 200: auditPage },
  },
  {
    method: 'get',
    path: '/projects/{projectId}/audit-log.csv',
    operationId: 'exportAuditLog',
    summary: 'The audit log as CSV, with the same filters as /audit-log. The export is audited.',
    tags: audit,
    permission: 'audit.read',
    query: auditExportQuery,
    responses: { 200: csv },
    rateLimit: 'audit-export',
  },
  {
    method: 'get',
    path: '/projects/{projectId}/members',
    operationId: 'listMembers',
    summary: 'Members with roles, and pending invitations',
    tags: members,
    permission: 'members.read',
    responses: { 200: membersPage },
  },
  {
    method: 'post',
    path: '/projects/{projectId}/members',
    operationId: 'inviteMember',
    summary: 'Invite by link. The token and link are in this answer only.',
    tags: members,
    permission: 'members.manage',
    body: createInvitationInput,
    responses: { 201: createdInvitationView },
    errors: { 403: 'Your role lacks members.manage, or cannot grant that role' },
  },
  {
    method: 'patch',
    path: '/projects/{projectId}/members/{userId}',
    operationId: 'changeMemberRole',
    summary: "Change a member's role. The last owner cannot be demoted (409).",
    tags: members,
    permission: 'members.manage',
    body: changeRoleInput,
    responses: { 200: memberView },
    errors: { 409: 'last_owner: a project needs at least one owner' },
  },
  {
    method: 'delete',
    path: '/projects/{projectId}/members/{userId}',
    operationId: 'removeMember',
    summary: 'Remove a member. The last owner cannot be removed (409).',
    tags: members,
    permission: 'members.manage',
    responses: { 204: null },
    errors: { 409: 'last_owner' },
  },
  {
    method: 'delete',
    path: '/projects/{projectId}/members/invitations/{invitationId}',
    operationId: 'revokeInvitation',
    summary: 'Revoke a pending invitation: its link stops working',
    tags: members,
    permission: 'members.manage',
    responses: { 204: null },
    errors: { 409: 'Already used' },
  },
  {
    method: 'post',
    path: '/invitations/accept',
    operationId: 'acceptInvitation',
    summary:
      'Accept an invite link: signed in, as yourself; otherwise with `register` to create an account (returns tokens)',
    tags: members,
    permission: 'public',
    body: acceptInvitationInput,
    responses: { 201: acceptedInvitationView },
    rateLimit: 'invitation-accept',
    errors: {
      401: 'Not signed in and no `register`',
      403: 'The invitation is for another email',
      409: 'Already a member, or the email has an account',
      410: 'Expired, revoked or already used',
      503: 'Too many accounts being created at once; retry after `Retry-After` seconds',
    },
  },
  {
    method: 'get',
    path: '/projects/{projectId}/api-keys',
    operationId: 'listApiKeys',
    summary: "The project's API keys, never their secrets",
    tags: apiKeys,
    permission: 'apiKeys.manage',
    responses: { 200: z.object({ apiKeys: z.array(apiKeyView) }) },
  },
  {
    method: 'post',
    path: '/projects/{projectId}/api-keys',
    operationId: 'createApiKey',
    summary:
      'Create a key with a role (never owner, never above yours). `token` is shown here once; send it as Authorization: Bearer.',
    tags: apiKeys,
    permission: 'apiKeys.manage',
    body: createApiKeyInput,
    responses: { 201: createdApiKeyView },
  },
  {
    method: 'delete',
    path: '/projects/{projectId}/api-keys/{apiKeyId}',
    operationId: 'revokeApiKey',
    summary: 'Revoke a key at once; it stays listed (revoked) for the record',
    tags: apiKeys,
    permission: 'apiKeys.manage',
    responses: { 200: z.object({ apiKey: apiKeyView }) },
  },
];
