// OpenAPI paths for calls: the list with filters and keyset pagination, the call card, the recording
// (range requests), CSV export, call issues, post-call analysis settings and saved Inbox views.
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
const ok = (description: string) => jsonResponse(description);
const uuid = uuidParam;
const security = bearerSecurity;
const common = projectErrors(
  'Your role lacks the permission (calls.read, calls.recordings, calls.flag, agents.edit)',
  'No such project (or not a member), call, issue, agent or view',
);
const query = (name: string, description: string, schema: object = { type: 'string' }) => ({
  name,
  in: 'query',
  required: false,
  description,
  schema,
});

const filterParams = [
  query('from', 'Calls started at or after (ISO 8601)', { type: 'string', format: 'date-time' }),
  query('to', 'Calls started before (ISO 8601)', { type: 'string', format: 'date-time' }),
  query('agentId', 'Agent', { type: 'string', format: 'uuid' }),
  query('versionId', 'Exact agent version', { type: 'string', format: 'uuid' }),
  query('number', 'Either side of the call (caller or dialled number/address)'),
  query('caller', "The caller's number, exactly or by its beginning"),
  query('direction', 'Comma-separated: inbound, outbound, browser, test'),
  query('disposition', 'Disposition (completed, transferred:queue, error, ...)'),
  query('minDuration', 'Seconds', { type: 'number' }),
  query('maxDuration', 'Seconds', { type: 'number' }),
  query('hasIssues', 'true or false', { type: 'string', enum: ['true', 'false'] }),
  query('tag', 'Comma-separated tags; calls carrying all of them'),
  query('q', 'Full-text search in transcripts and summaries (Russian and English word forms)'),
];

const issueSchema = {
  type: 'object',
  properties: {
    turnId: { type: 'string', format: 'uuid' },
    reason: {
      type: 'string',
      enum: ['wrong_answer', 'not_understood', 'should_have_transferred', 'tool_failed', 'too_slow', 'other'],
    },
    comment: { type: 'string', maxLength: 2000 },
  },
  required: ['turnId', 'reason'],
};

export const callPaths = {
  '/projects/{projectId}/call-analysis/{agentId}': {
    get: {
      summary: "The agent's post-call analysis settings: summary on or off, outcome fields",
      security,
      parameters: [uuid('projectId'), uuid('agentId')],
      responses: { '200': ok('`{summary, fields}`'), ...common },
    },
    put: {
      summary:
        'Save `{summary, fields: [{key, label, type: boolean|string|number|date, description?, slot?}]}` (needs agents.edit). Filled by the LLM when configured, else from the named slots.',
      security,
      parameters: [uuid('projectId'), uuid('agentId')],
      requestBody: jsonBody({ type: 'object' }),
      responses: { '200': ok('Saved'), '400': err('Invalid fields'), ...common },
    },
  },
  '/projects/{projectId}/calls': {
    get: {
      summary:
        'Calls, newest first (or by duration), filtered; keyset pagination (`nextCursor`) stays stable while calls arrive',
      security,
      parameters: [
        uuid('projectId'),
        ...filterParams,
        query('sort', 'Sort', { type: 'string', enum: ['-startedAt', 'startedAt', '-duration', 'duration'] }),
        query('cursor', 'nextCursor of the previous page'),
        query('limit', '1 to 200, default 50', { type: 'integer' }),
      ],
      responses: { '200': ok('`{calls, nextCursor}`'), '400': err('Invalid filters or cursor'), ...common },
    },
  },
  '/projects/{projectId}/calls.csv': {
    get: {
      summary:
        'The filtered calls as a streamed CSV; `X-Total-Count` gives the row count for progress. Audited.',
      security,
      parameters: [uuid('projectId'), ...filterParams],
      responses: {
        '200': { description: 'CSV', content: { 'text/csv': { schema: { type: 'string' } } } },
        '400': err('Invalid filters'),
        ...rateLimited,
        ...common,
      },
    },
  },
  '/projects/{projectId}/calls/{callId}': {
    get: {
      summary:
        "One call: direction, numbers, agent and version, times, disposition, end reason and `sipCause` (phone calls: who ended it and how, with the far end's Q.850/SIP Reason, e.g. `BYE from caller; Q.850 cause 16 (Normal call clearing)`), tags; transcript (speaker, text, offsets, confidence, node, stage timings), events (tool calls with arguments, results and HTTP status, transfers, errors, barge-ins, fillers), variables, handoff packet, path with the flow layout, analysis, issues",
      security,
      parameters: [uuid('projectId'), uuid('callId')],
      responses: { '200': ok('The call'), ...common },
    },
    patch: {
      summary:
        "Replace the call's tags `{tags: string[]}` (needs calls.flag). Tags are trimmed and lower-cased; at most 20, each 1 to 40 characters without commas. Audited.",
      security,
      parameters: [uuid('projectId'), uuid('callId')],
      requestBody: jsonBody({
        type: 'object',
        properties: { tags: { type: 'array', items: { type: 'string', maxLength: 40 }, maxItems: 20 } },
        required: ['tags'],
      }),
      responses: { '200': ok('`{tags}` as stored'), '400': err('Invalid tags'), ...common },
    },
  },
  '/projects/{projectId}/call-tags': {
    get: {
      summary: "The tags the project's calls have carried, alphabetical (for filters and suggestions)",
      security,
      parameters: [uuid('projectId')],
      responses: { '200': ok('`{tags}`'), ...common },
    },
  },
  '/projects/{projectId}/calls/{callId}/recording': {
    get: {
      summary: 'The stereo WAV (caller left, agent right); supports `Range: bytes=`; playback is audited',
      security,
      parameters: [uuid('projectId'), uuid('callId')],
      responses: {
        '200': { description: 'The whole file', content: { 'audio/wav': { schema: { type: 'string' } } } },
        '206': {
          description: 'The requested range',
          content: { 'audio/wav': { schema: { type: 'string' } } },
        },
        '416': { description: 'Range not satisfiable' },
        ...common,
      },
    },
  },
  '/projects/{projectId}/calls/{callId}/issues': {
    get: {
      summary: 'Issues flagged on this call',
      security,
      parameters: [uuid('projectId'), uuid('callId')],
      responses: { '200': ok('`{issues, nextCursor}`'), ...common },
    },
    post: {
      summary: 'Flag a turn as wrong (needs calls.flag); the issue keeps agent, version and node',
      security,
      parameters: [uuid('projectId'), uuid('callId')],
      requestBody: jsonBody(issueSchema),
      responses: { '201': ok('`{issue}` with `studioUrl`'), '400': err('Invalid fields'), ...common },
    },
  },
  '/projects/{projectId}/call-issues': {
    get: {
      summary: 'Issues of the project, newest first, with status and assignee',
      security,
      parameters: [
        uuid('projectId'),
        query('status', 'open, in_progress, resolved, dismissed'),
        query('assigneeId', 'Assignee', { type: 'string', format: 'uuid' }),
        query('agentId', 'Agent', { type: 'string', format: 'uuid' }),
        query('callId', 'Call', { type: 'string', format: 'uuid' }),
        query('cursor', 'nextCursor of the previous page'),
        query('limit', '1 to 200', { type: 'integer' }),
      ],
      responses: { '200': ok('`{issues, nextCursor}`'), '400': err('Invalid filters'), ...common },
    },
  },
  '/projects/{projectId}/call-issues/{issueId}': {
    patch: {
      summary: 'Change status, assignee or comment `{status?, assigneeId?, comment?}` (needs calls.flag)',
      security,
      parameters: [uuid('projectId'), uuid('issueId')],
      requestBody: jsonBody({
        type: 'object',
        properties: {
          status: { type: 'string', enum: ['open', 'in_progress', 'resolved', 'dismissed'] },
          assigneeId: { type: ['string', 'null'], format: 'uuid' },
          comment: { type: 'string' },
        },
      }),
      responses: { '200': ok('`{issue}`'), '400': err('Invalid fields'), ...common },
    },
  },
};
