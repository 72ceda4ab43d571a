// OpenAPI path for the agent templates a new agent can start from.
import { bearerSecurity, errorResponse, jsonResponse, projectErrors, uuidParam } from './openapi-helpers.ts';

const templateSummary = {
  type: 'object',
  required: ['id', 'language', 'name', 'description', 'nodeCount'],
  properties: {
    id: { type: 'string', description: 'Pass as `template` when creating an agent' },
    language: { type: 'string', enum: ['ru', 'en'] },
    name: { type: 'string' },
    description: { type: 'string' },
    nodeCount: { type: 'integer', minimum: 1 },
  },
};

export const agentTemplatePaths = {
  '/projects/{projectId}/agent-templates': {
    get: {
      summary: 'Templates a new agent can start from, in Russian and English (agents.read)',
      security: bearerSecurity,
      parameters: [
        uuidParam('projectId'),
        { name: 'language', in: 'query', required: false, schema: { type: 'string', enum: ['ru', 'en'] } },
      ],
      responses: {
        '200': jsonResponse('Templates', {
          type: 'object',
          required: ['templates'],
          properties: { templates: { type: 'array', items: templateSummary } },
        }),
        '400': errorResponse('Unknown language'),
        ...projectErrors('Your role lacks agents.read', 'No such project, or you are not a member'),
      },
    },
  },
};
