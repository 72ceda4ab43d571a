// OpenAPI paths for Agent Studio: agents, drafts, publishing, versions, test conversations.
import {
  bearerSecurity,
  errorResponse,
  rateLimited,
  jsonBody,
  jsonResponse,
  projectErrors,
  uuidParam,
} from './openapi-helpers.ts';

const err = errorResponse;
const json = jsonResponse;
const body = jsonBody;
const uuid = uuidParam;
const security = bearerSecurity;
const common = projectErrors(
  'Your role lacks the permission',
  'No such project (or not a member), agent, version or conversation',
);
const agentParams = [uuid('projectId'), uuid('agentId')];
const graph = { type: 'object', description: 'A flow: {schemaVersion, nodes, edges, variables, settings}' };
const agentFields = {
  name: { type: 'string', maxLength: 100 },
  language: { type: 'string', enum: ['ru', 'en'] },
  voice: { type: 'string' },
  description: { type: 'string' },
  tags: { type: 'array', items: { type: 'string' } },
};
const turnInput = {
  oneOf: [
    { type: 'object', required: ['text'], properties: { text: { type: 'string' } } },
    { type: 'object', required: ['dtmf'], properties: { dtmf: { type: 'string', pattern: '^[0-9*#]+$' } } },
  ],
};
const turn = {
  type: 'object',
  description:
    'replies (what the agent said), commands (say, listen, transfer, hangup…), trace, activeNodeId, ended',
};

export const agentPaths = {
  '/projects/{projectId}/agents': {
    get: {
      summary: 'Agents (agents.read)',
      security,
      parameters: [uuid('projectId')],
      responses: { '200': json('Agents'), ...common },
    },
    post: {
      summary: 'Create an agent from a template (agents.edit)',
      security,
      parameters: [uuid('projectId')],
      requestBody: body({
        type: 'object',
        required: ['name', 'language'],
        properties: { ...agentFields, template: { type: 'string', default: 'blank' } },
      }),
      responses: { '201': json('The agent with its draft'), '400': err('Invalid fields'), ...common },
    },
  },
  '/projects/{projectId}/agents/{agentId}': {
    get: {
      summary: 'The agent, its draft and live version',
      security,
      parameters: agentParams,
      responses: { '200': json('Agent'), ...common },
    },
    patch: {
      summary: 'Change name, language, voice, description or tags (agents.edit)',
      security,
      parameters: agentParams,
      requestBody: body({ type: 'object', properties: agentFields }),
      responses: { '200': json('Agent'), '400': err('Invalid fields'), ...common },
    },
    delete: {
      summary: 'Delete the agent (agents.edit)',
      security,
      parameters: agentParams,
      responses: { '204': { description: 'Deleted' }, ...common },
    },
  },
  '/projects/{projectId}/agents/{agentId}/draft': {
    get: {
      summary: 'The draft graph, its revision and validation report',
      security,
      parameters: agentParams,
      responses: { '200': json('Draft'), ...common },
    },
    put: {
      summary: 'Autosave: saved only if the draft is still at `revision` (agents.edit)',
      security,
      parameters: agentParams,
      requestBody: body({
        type: 'object',
        required: ['graph', 'revision'],
        properties: { graph, revision: { type: 'integer' } },
      }),
      responses: {
        '200': json('New revision and validation', {
          type: 'object',
          properties: {
            revision: { type: 'integer' },
            updatedAt: { type: 'string' },
            validation: { type: 'object' },
          },
        }),
        '400': err(
          'Not a flow, invalid fields, or foreign_reference: a knowledge base or credential that is not this project’s (fields keyed by node id)',
        ),
        '409': err('stale_revision: saved elsewhere since; reload'),
        '413': err('flow_too_large: over 5,000 blocks or 20,000 connections'),
        ...common,
      },
    },
  },
  '/projects/{projectId}/agents/{agentId}/publish': {
    post: {
      summary: 'Publish the draft as the next version and route calls to it (agents.publish)',
      security,
      parameters: agentParams,
      requestBody: body({
        type: 'object',
        properties: { note: { type: 'string' }, confirmWarnings: { type: 'boolean', default: false } },
      }),
      responses: {
        '201': json('The new version'),
        '409': err('publish_warnings: confirm with confirmWarnings: true (fields: node id → messages)'),
        '422': err('flow_invalid: errors block publishing (fields: node id → messages)'),
        ...common,
      },
    },
  },
  '/projects/{projectId}/agents/{agentId}/versions': {
    get: {
      summary: 'Published versions, newest first; `live` marks the routed one',
      security,
      parameters: agentParams,
      responses: { '200': json('Versions'), ...common },
    },
  },
  '/projects/{projectId}/agents/{agentId}/versions/{versionId}': {
    get: {
      summary: 'One version with its graph',
      security,
      parameters: [...agentParams, uuid('versionId')],
      responses: { '200': json('Version'), ...common },
    },
  },
  '/projects/{projectId}/agents/{agentId}/versions/{versionId}/rollback': {
    post: {
      summary: 'Route calls to this earlier version again (agents.publish)',
      security,
      parameters: [...agentParams, uuid('versionId')],
      responses: { '200': json('The version, now live'), ...common },
    },
  },
  '/projects/{projectId}/agents/{agentId}/test-sessions': {
    get: {
      summary: 'Past test conversations',
      security,
      parameters: agentParams,
      responses: { '200': json('Sessions'), ...common },
    },
    post: {
      summary: 'Start a test conversation with the draft or a version (agents.edit); answers the first turn',
      security,
      parameters: agentParams,
      requestBody: body({ type: 'object', properties: { versionId: { type: 'string', format: 'uuid' } } }),
      responses: {
        '201': json('Session and first turn', {
          type: 'object',
          properties: { session: { type: 'object' }, turn },
        }),
        '422': err('The draft is not a flow'),
        ...rateLimited,
        ...common,
      },
    },
  },
  '/projects/{projectId}/agents/{agentId}/test-sessions/{sessionId}': {
    get: {
      summary: 'A test conversation with all its turns',
      security,
      parameters: [...agentParams, uuid('sessionId')],
      responses: { '200': json('Session and turns'), ...common },
    },
  },
  '/projects/{projectId}/agents/{agentId}/test-sessions/{sessionId}/turns': {
    post: {
      summary: 'Send text or keypad digits (agents.edit)',
      security,
      parameters: [...agentParams, uuid('sessionId')],
      requestBody: body(turnInput),
      responses: {
        '200': json('The turn', { type: 'object', properties: { turn } }),
        '400': err('Invalid fields'),
        '409': err('conversation_ended, or turn_conflict'),
        ...rateLimited,
        ...common,
      },
    },
  },
  '/projects/{projectId}/agents/{agentId}/voice-tickets': {
    post: {
      summary:
        'A ticket for one voice call, within a minute, with the draft (or a version of this agent); answers the WebSocket URL',
      security,
      parameters: agentParams,
      requestBody: body({ type: 'object', properties: { versionId: { type: 'string', format: 'uuid' } } }),
      responses: { '201': json('{ticket, url, expiresIn}'), ...common },
    },
  },
} as const;
