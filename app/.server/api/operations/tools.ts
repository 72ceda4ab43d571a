// Operations of the project's tools: HTTP tools for Tool blocks and Agent function calling, their test, and
// the project's tool settings.
import {
  toolInput,
  toolSettingsInput,
  toolTestInput,
  toolUpdateInput,
} from '../../tools/project-tool-input.ts';
import { toolList, toolSettingsView, toolTestResult, toolView } from '../../tools/project-tool-views.ts';
import type { ApiOperation } from '../api-operation.ts';

const tags = ['tools'];
const tool = '/projects/{projectId}/tools/{toolId}';

export const toolOperations: ApiOperation[] = [
  {
    method: 'get',
    path: '/projects/{projectId}/tools',
    operationId: 'listTools',
    summary: 'The project’s HTTP tools, the built-in tools, and the tool settings (allowed hosts, time zone)',
    tags,
    permission: 'agents.read',
    responses: { 200: toolList },
  },
  {
    method: 'post',
    path: '/projects/{projectId}/tools',
    operationId: 'createTool',
    summary:
      'Create an HTTP tool. `auth.secret` (bearer token or API key) is stored encrypted and never answered back.',
    tags,
    permission: 'agents.edit',
    body: toolInput,
    responses: { 201: toolView },
    errors: { 409: 'Name taken' },
  },
  {
    method: 'get',
    path: tool,
    operationId: 'getTool',
    summary: 'One tool (its secret only as set or not)',
    tags,
    permission: 'agents.read',
    responses: { 200: toolView },
  },
  {
    method: 'patch',
    path: tool,
    operationId: 'updateTool',
    summary: 'Change the fields sent; a secret sent replaces the stored one, `auth.kind: none` removes it',
    tags,
    permission: 'agents.edit',
    body: toolUpdateInput,
    responses: { 200: toolView },
    errors: { 409: 'Name taken' },
  },
  {
    method: 'delete',
    path: tool,
    operationId: 'deleteTool',
    summary: 'Delete the tool and its secret',
    tags,
    permission: 'agents.edit',
    responses: { 204: null },
  },
  {
    method: 'post',
    path: `${tool}/test`,
    operationId: 'testTool',
    summary:
      'Send the tool’s request with sample arguments, as a call would (credential, allowed hosts, SSRF guard): answers the request with the secret masked, and the answer as received and as mapped',
    tags,
    permission: 'agents.edit',
    body: toolTestInput,
    responses: { 200: toolTestResult },
    errors: { 400: 'Arguments do not match the tool’s schema' },
  },
  {
    method: 'put',
    path: '/projects/{projectId}/tool-settings',
    operationId: 'updateToolSettings',
    summary:
      'Hosts the project’s tools may reach although they resolve to private addresses, and the clock’s time zone',
    tags,
    permission: 'project.update',
    body: toolSettingsInput,
    responses: { 200: toolSettingsView },
  },
];
