// Operations of calls: the list with filters and keyset pagination, the call card, the recording (range
// requests), CSV export, tags, issues and post-call analysis settings.
import { createIssueInput, issueListQuery, updateIssueInput } from '../../calls/call-issues.server.ts';
import { callFilters, callListQuery } from '../../calls/call-query.server.ts';
import { callTagsInput } from '../../calls/call-tags.server.ts';
import { callDetailView, callPage, callTagsView, issuePage, oneIssue } from '../../calls/call-views.ts';
import { analysisConfigInput } from '../../calls/post-call-analysis.server.ts';
import type { ApiOperation } from '../api-operation.ts';

const tags = ['calls'];
const call = '/projects/{projectId}/calls/{callId}';
const wav = (description: string) => ({ description, contentType: 'audio/wav' });

export const callOperations: ApiOperation[] = [
  {
    method: 'get',
    path: '/projects/{projectId}/calls',
    operationId: 'listCalls',
    summary:
      'Calls, newest first (or by duration), filtered; keyset pagination (`nextCursor`) stays stable while calls arrive',
    tags,
    permission: 'calls.read',
    query: callListQuery,
    responses: { 200: callPage },
    errors: { 400: 'Invalid filters or cursor' },
  },
  {
    method: 'get',
    path: '/projects/{projectId}/calls.csv',
    operationId: 'exportCalls',
    summary:
      'The filtered calls as a streamed CSV; `X-Total-Count` gives the row count for progress. Audited.',
    tags,
    permission: 'calls.read',
    query: callFilters,
    responses: { 200: { description: 'CSV, one call a line', contentType: 'text/csv' } },
    rateLimit: 'calls-export',
  },
  {
    method: 'get',
    path: call,
    operationId: 'getCall',
    summary:
      'One call: numbers, agent and version, times, disposition, end reason and SIP cause, tags; transcript with timings, events, variables, handoff, path with the flow layout, analysis, issues',
    tags,
    permission: 'calls.read',
    responses: { 200: callDetailView },
  },
  {
    method: 'patch',
    path: call,
    operationId: 'setCallTags',
    summary:
      "Replace the call's tags (trimmed, lower-cased; at most 20, each 1 to 40 characters without commas). Audited.",
    tags,
    permission: 'calls.flag',
    body: callTagsInput,
    responses: { 200: callTagsView },
  },
  {
    method: 'get',
    path: '/projects/{projectId}/call-tags',
    operationId: 'listCallTags',
    summary: "The tags the project's calls have carried, alphabetical (for filters and suggestions)",
    tags,
    permission: 'calls.read',
    responses: { 200: callTagsView },
  },
  {
    method: 'get',
    path: `${call}/recording`,
    operationId: 'getCallRecording',
    summary: 'The stereo WAV (caller left, agent right); supports `Range: bytes=`; playback is audited',
    tags,
    permission: 'calls.recordings',
    responses: {
      200: wav('The whole file'),
      206: wav('The requested range'),
      416: { description: 'Range not satisfiable (empty body, `Content-Range: bytes */size`)' },
    },
    errors: { 404: 'No such project (or not a member), or the call has no recording' },
  },
  {
    method: 'get',
    path: `${call}/issues`,
    operationId: 'listCallIssuesOfCall',
    summary: 'Issues flagged on this call',
    tags,
    permission: 'calls.read',
    responses: { 200: issuePage },
  },
  {
    method: 'post',
    path: `${call}/issues`,
    operationId: 'flagCallTurn',
    summary: 'Flag a turn as wrong; the issue keeps agent, version and node',
    tags,
    permission: 'calls.flag',
    body: createIssueInput,
    responses: { 201: oneIssue },
  },
  {
    method: 'get',
    path: '/projects/{projectId}/call-issues',
    operationId: 'listCallIssues',
    summary: 'Issues of the project, newest first, with status and assignee',
    tags,
    permission: 'calls.read',
    query: issueListQuery,
    responses: { 200: issuePage },
  },
  {
    method: 'patch',
    path: '/projects/{projectId}/call-issues/{issueId}',
    operationId: 'updateCallIssue',
    summary: 'Change status, assignee or comment',
    tags,
    permission: 'calls.flag',
    body: updateIssueInput,
    responses: { 200: oneIssue },
  },
  {
    method: 'get',
    path: '/projects/{projectId}/call-analysis/{agentId}',
    operationId: 'getCallAnalysisSettings',
    summary: "The agent's post-call analysis settings: summary on or off, outcome fields",
    tags,
    permission: 'calls.read',
    responses: { 200: analysisConfigInput },
  },
  {
    method: 'put',
    path: '/projects/{projectId}/call-analysis/{agentId}',
    operationId: 'saveCallAnalysisSettings',
    summary:
      'Save the settings. Outcomes are filled by the LLM when configured, else from the named slots. Audited.',
    tags,
    permission: 'agents.edit',
    body: analysisConfigInput,
    responses: { 200: analysisConfigInput },
  },
];
