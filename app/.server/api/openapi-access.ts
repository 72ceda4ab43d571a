// OpenAPI paths and schemas for access: members and invite links, API keys, sessions, audit export.
import {
  bearerSecurity,
  errorResponse,
  jsonResponse,
  projectErrors,
  rateLimited,
  uuidParam,
} from './openapi-helpers.ts';

const err = errorResponse;
const json = (schema: object, description: string) => jsonResponse(description, schema);
const roles = ['owner', 'admin', 'builder', 'supervisor', 'operator', 'analyst'];
const security = bearerSecurity;
const common = projectErrors(
  'Your role lacks the permission (or cannot grant that role)',
  'No such project (or you are not a member), or no such item in it',
);

export const accessSchemas = {
  Member: {
    type: 'object',
    required: ['userId', 'email', 'role', 'joinedAt'],
    properties: {
      userId: { type: 'string', format: 'uuid' },
      email: { type: 'string' },
      name: { type: ['string', 'null'] },
      role: { type: 'string', enum: roles },
      joinedAt: { type: 'string', format: 'date-time' },
    },
  },
  Invitation: {
    type: 'object',
    required: ['id', 'role', 'createdAt', 'expiresAt'],
    properties: {
      id: { type: 'string', format: 'uuid' },
      role: { type: 'string', enum: roles },
      email: { type: ['string', 'null'], description: 'Only this address may accept, when set' },
      createdAt: { type: 'string', format: 'date-time' },
      expiresAt: { type: 'string', format: 'date-time' },
    },
  },
  ApiKey: {
    type: 'object',
    required: ['id', 'name', 'role', 'prefix', 'createdAt'],
    properties: {
      id: { type: 'string', format: 'uuid' },
      name: { type: 'string' },
      role: { type: 'string', enum: roles.filter((r) => r !== 'owner') },
      prefix: { type: 'string', description: 'The public part: keys look like vpk_<prefix>_<secret>' },
      createdAt: { type: 'string', format: 'date-time' },
      expiresAt: { type: ['string', 'null'], format: 'date-time' },
      lastUsedAt: { type: ['string', 'null'], format: 'date-time' },
      revokedAt: { type: ['string', 'null'], format: 'date-time' },
    },
  },
} as const;

export const accessPaths = {
  '/auth/logout-all': {
    post: {
      summary: 'Log out everywhere: every session of the caller ends; access tokens stop working at once',
      security,
      responses: { '204': { description: 'Done' }, '401': common['401'] },
    },
  },
  '/projects/{projectId}/members': {
    get: {
      summary: 'Members with roles, and pending invitations (members.read)',
      security,
      parameters: [uuidParam('projectId')],
      responses: {
        '200': json(
          {
            type: 'object',
            properties: {
              members: { type: 'array', items: { $ref: '#/components/schemas/Member' } },
              invitations: { type: 'array', items: { $ref: '#/components/schemas/Invitation' } },
            },
          },
          'Members and pending invitations',
        ),
        ...common,
      },
    },
    post: {
      summary: 'Invite by link (members.manage). The token and link are in this answer only.',
      security,
      parameters: [uuidParam('projectId')],
      requestBody: {
        required: true,
        content: {
          'application/json': {
            schema: {
              type: 'object',
              required: ['role'],
              properties: { role: { type: 'string', enum: roles }, email: { type: ['string', 'null'] } },
            },
          },
        },
      },
      responses: {
        '201': json(
          {
            type: 'object',
            properties: {
              invitation: { $ref: '#/components/schemas/Invitation' },
              token: { type: 'string' },
              url: { type: 'string', description: 'The invite link to send' },
            },
          },
          'The invitation, its token and link',
        ),
        '400': err('Invalid fields'),
        ...common,
      },
    },
  },
  '/projects/{projectId}/members/{userId}': {
    patch: {
      summary: "Change a member's role (members.manage). The last owner cannot be demoted (409).",
      security,
      parameters: [uuidParam('projectId'), uuidParam('userId')],
      requestBody: {
        required: true,
        content: {
          'application/json': {
            schema: {
              type: 'object',
              required: ['role'],
              properties: { role: { type: 'string', enum: roles } },
            },
          },
        },
      },
      responses: {
        '200': json({ $ref: '#/components/schemas/Member' }, 'The member with the new role'),
        '400': err('Invalid fields'),
        '409': err('last_owner: a project needs at least one owner'),
        ...common,
      },
    },
    delete: {
      summary: 'Remove a member (members.manage). The last owner cannot be removed (409).',
      security,
      parameters: [uuidParam('projectId'), uuidParam('userId')],
      responses: { '204': { description: 'Removed' }, '409': err('last_owner'), ...common },
    },
  },
  '/projects/{projectId}/members/invitations/{invitationId}': {
    delete: {
      summary: 'Revoke a pending invitation (members.manage)',
      security,
      parameters: [uuidParam('projectId'), uuidParam('invitationId')],
      responses: { '204': { description: 'Revoked' }, '409': err('Already used'), ...common },
    },
  },
  '/invitations/accept': {
    post: {
      summary:
        'Accept an invite link: signed in, as yourself; otherwise with `register` to create an account (returns tokens)',
      requestBody: {
        required: true,
        content: {
          'application/json': {
            schema: {
              type: 'object',
              required: ['token'],
              properties: {
                token: { type: 'string' },
                register: {
                  type: 'object',
                  required: ['name', 'email', 'password'],
                  properties: {
                    name: { type: 'string' },
                    email: { type: 'string' },
                    password: { type: 'string', minLength: 10 },
                  },
                },
              },
            },
          },
        },
      },
      responses: {
        '201': json(
          {
            type: 'object',
            properties: {
              projectId: { type: 'string', format: 'uuid' },
              userId: { type: 'string', format: 'uuid' },
              role: { type: 'string', enum: roles },
              accessToken: { type: 'string' },
              refreshToken: { type: 'string' },
            },
          },
          'Joined (tokens only when an account was created)',
        ),
        '400': err('Invalid fields'),
        '401': err('Not signed in and no `register`'),
        '403': err('The invitation is for another email'),
        '409': err('Already a member, or the email has an account'),
        '410': err('Expired, revoked or already used'),
        ...rateLimited,
        '503': err('Too many accounts being created at once; retry after `Retry-After` seconds'),
      },
    },
  },
  '/projects/{projectId}/api-keys': {
    get: {
      summary: "The project's API keys, never their secrets (apiKeys.manage)",
      security,
      parameters: [uuidParam('projectId')],
      responses: {
        '200': json(
          {
            type: 'object',
            properties: { apiKeys: { type: 'array', items: { $ref: '#/components/schemas/ApiKey' } } },
          },
          'Keys',
        ),
        ...common,
      },
    },
    post: {
      summary:
        'Create a key with a role (never owner, never above yours). `token` is shown here once; send it as Authorization: Bearer.',
      security,
      parameters: [uuidParam('projectId')],
      requestBody: {
        required: true,
        content: {
          'application/json': {
            schema: {
              type: 'object',
              required: ['name', 'role'],
              properties: {
                name: { type: 'string', maxLength: 80 },
                role: { type: 'string', enum: roles.filter((r) => r !== 'owner') },
                expiresInDays: { type: ['integer', 'null'], minimum: 1, maximum: 3650 },
              },
            },
          },
        },
      },
      responses: {
        '201': json(
          {
            type: 'object',
            properties: { apiKey: { $ref: '#/components/schemas/ApiKey' }, token: { type: 'string' } },
          },
          'The key and its secret token',
        ),
        '400': err('Invalid fields'),
        ...common,
      },
    },
  },
  '/projects/{projectId}/api-keys/{apiKeyId}': {
    delete: {
      summary: 'Revoke a key at once (apiKeys.manage)',
      security,
      parameters: [uuidParam('projectId'), uuidParam('apiKeyId')],
      responses: {
        '200': json(
          { type: 'object', properties: { apiKey: { $ref: '#/components/schemas/ApiKey' } } },
          'Revoked',
        ),
        ...common,
      },
    },
  },
  '/projects/{projectId}/audit-log.csv': {
    get: {
      summary:
        'The audit log as CSV, with the same filters as /audit-log (audit.read). The export is audited.',
      security,
      parameters: [
        uuidParam('projectId'),
        {
          name: 'action',
          in: 'query',
          schema: { type: 'string' },
          description: 'member.invite, or member.*',
        },
        { name: 'actorUserId', in: 'query', schema: { type: 'string', format: 'uuid' } },
        { name: 'from', in: 'query', schema: { type: 'string', format: 'date-time' } },
        { name: 'to', in: 'query', schema: { type: 'string', format: 'date-time' } },
      ],
      responses: {
        '200': { description: 'CSV', content: { 'text/csv': { schema: { type: 'string' } } } },
        '400': err('Invalid filter'),
        ...rateLimited,
        ...common,
      },
    },
  },
} as const;
