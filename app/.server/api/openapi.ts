// The one OpenAPI description of /api/v1, served at /api/v1/openapi.json. Every API route adds its path here
// (areas with many paths keep them in openapi-<area>.ts).
import { accessPaths, accessSchemas } from './openapi-access.ts';
import { agentTemplatePaths } from './openapi-agent-templates.ts';
import { agentPaths } from './openapi-agents.ts';
import { callPaths } from './openapi-calls.ts';
import { knowledgePaths } from './openapi-knowledge.ts';
import { rateLimited } from './openapi-helpers.ts';
import { telephonyPaths } from './openapi-telephony.ts';

const errorRef = { $ref: '#/components/schemas/Error' };
const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: errorRef } },
});
const tokenPair = {
  type: 'object',
  required: ['accessToken', 'refreshToken', 'expiresIn'],
  properties: {
    accessToken: { type: 'string', description: 'JWT, 15 minutes; send as `Authorization: Bearer`.' },
    refreshToken: { type: 'string', description: 'Opaque; good for one use, rotated on every refresh.' },
    expiresIn: { type: 'integer', description: 'Seconds until the access token expires.' },
  },
};

export const openApiDocument = {
  openapi: '3.1.0',
  info: {
    title: 'Voice Platform API',
    version: '1.0.0',
    description: 'Errors are always `{"error":{"code","message","fields"}}` with a 4xx or 5xx status.',
  },
  servers: [{ url: '/api/v1' }],
  components: {
    securitySchemes: {
      bearer: {
        type: 'http',
        scheme: 'bearer',
        description: 'A JWT access token (people) or a project API key `vpk_…` (machines)',
      },
    },
    schemas: {
      ...accessSchemas,
      Error: {
        type: 'object',
        required: ['error'],
        properties: {
          error: {
            type: 'object',
            required: ['code', 'message'],
            properties: {
              code: { type: 'string' },
              message: { type: 'string' },
              fields: { type: 'object', additionalProperties: { type: 'array', items: { type: 'string' } } },
            },
          },
        },
      },
      TokenPair: tokenPair,
      ProjectWithRole: {
        type: 'object',
        required: ['id', 'name', 'role'],
        properties: {
          id: { type: 'string', format: 'uuid' },
          name: { type: 'string' },
          role: { type: 'string', enum: ['owner', 'admin', 'builder', 'supervisor', 'operator', 'analyst'] },
          createdAt: { type: 'string', format: 'date-time' },
        },
      },
      User: {
        type: 'object',
        required: ['id', 'email'],
        properties: {
          id: { type: 'string', format: 'uuid' },
          email: { type: 'string' },
          name: { type: ['string', 'null'] },
        },
      },
    },
  },
  paths: {
    ...accessPaths,
    ...agentPaths,
    ...agentTemplatePaths,
    ...callPaths,
    ...knowledgePaths,
    ...telephonyPaths,
    '/auth/login': {
      post: {
        summary: 'Sign in with email and password',
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['email', 'password'],
                properties: { email: { type: 'string', format: 'email' }, password: { type: 'string' } },
              },
            },
          },
        },
        responses: {
          '200': {
            description: 'Signed in',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/TokenPair' } } },
          },
          '400': errorResponse('Invalid fields'),
          '401': errorResponse('Wrong email or password'),
          '429': errorResponse(
            'Too many attempts from this address, or failures for this account from it (`throttled`): wait `Retry-After` seconds',
          ),
        },
      },
    },
    '/auth/refresh': {
      post: {
        summary: 'Exchange a refresh token for a new pair (the old one stops working)',
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['refreshToken'],
                properties: { refreshToken: { type: 'string' } },
              },
            },
          },
        },
        responses: {
          '200': {
            description: 'New pair',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/TokenPair' } } },
          },
          '401': errorResponse('Unknown, expired, revoked or reused token (reuse revokes the whole sign-in)'),
        },
      },
    },
    '/auth/logout': {
      post: {
        summary:
          'End this sign-in, named by `refreshToken` or by the Bearer access token: its refresh and access tokens stop working at once',
        requestBody: {
          content: {
            'application/json': {
              schema: { type: 'object', properties: { refreshToken: { type: 'string' } } },
            },
          },
        },
        responses: { '204': { description: 'Signed out' } },
      },
    },
    '/projects': {
      get: {
        summary: 'Projects the caller is a member of, with the role in each',
        security: [{ bearer: [] }],
        responses: {
          '200': {
            description: 'Projects',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: {
                    projects: { type: 'array', items: { $ref: '#/components/schemas/ProjectWithRole' } },
                  },
                },
              },
            },
          },
          '401': errorResponse('No or bad credentials'),
        },
      },
      post: {
        summary: 'Create a project; the caller becomes its owner (audited)',
        security: [{ bearer: [] }],
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['name'],
                properties: { name: { type: 'string', maxLength: 100 } },
              },
            },
          },
        },
        responses: {
          '201': {
            description: 'Created',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/ProjectWithRole' } } },
          },
          '400': errorResponse('Invalid fields'),
          '401': errorResponse('No or bad credentials'),
          ...rateLimited,
        },
      },
    },
    '/projects/{projectId}': {
      get: {
        summary: 'The project: id, name and the caller’s role in it (project.read)',
        security: [{ bearer: [] }],
        parameters: [
          { name: 'projectId', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } },
        ],
        responses: {
          '200': {
            description: 'The project',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/ProjectWithRole' } } },
          },
          '401': errorResponse('No or bad credentials'),
          '404': errorResponse('No such project, or not a member of it'),
        },
      },
      delete: {
        summary:
          'Delete the project (owners only: project.delete), confirmed by its exact name. At once: every page and API of it answers 404, its API keys stop working, its numbers stop routing calls, its live calls end and its SIP trunks un-register. Its data (calls, recordings, knowledge, agents) is removed by a worker shortly after. Audited; the audit entry is kept.',
        security: [{ bearer: [] }],
        parameters: [
          { name: 'projectId', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } },
        ],
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['name'],
                properties: { name: { type: 'string', description: 'The project’s name, exactly' } },
              },
            },
          },
        },
        responses: {
          '202': { description: 'Deleted; its data is being removed' },
          '400': errorResponse('The name does not match (fields.name)'),
          '401': errorResponse('No or bad credentials'),
          '403': errorResponse('Only owners delete a project (API keys never can)'),
          '404': errorResponse('No such project, or not a member of it'),
        },
      },
    },
    '/projects/{projectId}/audit-log': {
      get: {
        summary: "The project's audit log, newest first (needs audit.read: owner, admin)",
        security: [{ bearer: [] }],
        parameters: [
          { name: 'projectId', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } },
          { name: 'action', in: 'query', schema: { type: 'string' } },
          { name: 'actorUserId', in: 'query', schema: { type: 'string', format: 'uuid' } },
          { name: 'from', in: 'query', schema: { type: 'string', format: 'date-time' } },
          { name: 'to', in: 'query', schema: { type: 'string', format: 'date-time' } },
          {
            name: 'cursor',
            in: 'query',
            description: 'nextCursor of the previous page',
            schema: { type: 'string' },
          },
          { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 200, default: 50 } },
        ],
        responses: {
          '200': {
            description: 'A page of entries and the cursor of the next page (null at the end)',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: {
                    entries: { type: 'array', items: { type: 'object' } },
                    nextCursor: { type: ['string', 'null'] },
                  },
                },
              },
            },
          },
          '400': errorResponse('Invalid filter'),
          '401': errorResponse('No or bad credentials'),
          '403': errorResponse('Your role may not read the audit log'),
          '404': errorResponse('No such project, or you are not a member'),
        },
      },
    },
    '/me': {
      get: {
        summary: 'The signed-in user',
        security: [{ bearer: [] }],
        responses: {
          '200': {
            description: 'User',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/User' } } },
          },
          '401': errorResponse('No or bad credentials'),
        },
      },
    },
  },
} as const;
