// Operations added for the new-user walk (issue 18): ending test conversations, agent housekeeping.
import { agentImportInput } from '../../agents/agent-copies.server.ts';
import { z } from 'zod';
import { projectSettingsInput } from '../../projects/project-settings.server.ts';
import type { ApiOperation } from '../api-operation.ts';

const tags = ['agents'];
const agent = '/projects/{projectId}/agents/{agentId}';

const createdAgent = z.object({ id: z.uuid(), name: z.string() });

const projectSettings = z.object({
  id: z.uuid(),
  name: z.string(),
  timeZone: z.string(),
  defaultLanguage: z.enum(['ru', 'en']),
});

export const newUserOperations: ApiOperation[] = [
  {
    method: 'get',
    path: '/projects/{projectId}/settings',
    operationId: 'getProjectSettings',
    summary: 'The project’s name, time zone and default language',
    tags: ['projects'],
    permission: 'project.read',
    responses: { 200: projectSettings },
  },
  {
    method: 'patch',
    path: '/projects/{projectId}/settings',
    operationId: 'updateProjectSettings',
    summary: 'Rename the project, or change its time zone (IANA) or default language; audited',
    tags: ['projects'],
    permission: 'project.update',
    body: projectSettingsInput,
    responses: { 200: projectSettings },
  },
  {
    method: 'post',
    path: `${agent}/duplicate`,
    operationId: 'duplicateAgent',
    summary: 'A new agent with the same settings and draft flow (not its versions), named "<name> (copy)"',
    tags,
    permission: 'agents.edit',
    body: z.object({ suffix: z.string().max(20).optional() }),
    responses: { 201: createdAgent },
  },
  {
    method: 'get',
    path: `${agent}/export`,
    operationId: 'exportAgent',
    summary: 'The agent as a JSON file: its settings and draft flow, for import into this or another project',
    tags,
    permission: 'agents.read',
    responses: { 200: agentImportInput.extend({ exportedAt: z.string() }) },
  },
  {
    method: 'post',
    path: '/projects/{projectId}/agents/import',
    operationId: 'importAgent',
    summary: 'Create an agent from an exported agent file; its flow becomes the draft',
    tags,
    permission: 'agents.edit',
    body: agentImportInput,
    responses: { 201: createdAgent },
    errors: { 422: 'flow_invalid: the file’s flow is not a valid flow' },
  },
  {
    method: 'delete',
    path: `${agent}/test-sessions/{sessionId}`,
    operationId: 'endTestSession',
    summary:
      'End a test conversation the person left (the console closed or restarted); its call in the Inbox ends too. Ending an ended one is fine.',
    tags,
    permission: 'agents.edit',
    responses: { 204: null },
  },
];
