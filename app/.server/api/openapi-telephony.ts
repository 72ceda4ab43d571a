// OpenAPI paths for telephony: SIP connections (with check), phone numbers, test calls.
import {
  bearerSecurity as security,
  errorResponse as err,
  rateLimited,
  jsonBody as body,
  jsonResponse as json,
  projectErrors,
  uuidParam as uuid,
} from './openapi-helpers.ts';

const common = projectErrors(
  'Your role lacks the permission (reading needs telephony.read; changes need telephony.manage: owner, admin)',
  'No such project (or not a member), connection, number or test call',
);
const connectionFields = {
  name: { type: 'string', maxLength: 100 },
  provider: { type: 'string', enum: ['zadarma', 'mango', 'exolve', 'beeline', 'megafon', 'generic'] },
  host: { type: 'string', description: 'Registrar/proxy host; defaults to the preset’s when it has one' },
  port: { type: 'integer', minimum: 1, maximum: 65535, default: 5060 },
  transport: { type: 'string', enum: ['udp', 'tcp'], default: 'udp' },
  authMode: { type: 'string', enum: ['registration', 'ip'], default: 'registration' },
  username: {
    type: 'string',
    pattern: "^[A-Za-z0-9\\-_.!~*'()&=+$,%]*$",
    description: 'SIP user part; control characters are refused in every field that reaches SIP (400)',
  },
  authUsername: { type: 'string', description: 'Digest user when it differs from the username' },
  password: {
    type: 'string',
    writeOnly: true,
    description: 'Stored encrypted; answers show only that one is set (a fixed mask)',
  },
  outboundProxy: { type: 'string', description: 'host, host:port or sip:host:port;transport=tcp' },
  codecs: { type: 'array', items: { type: 'string', enum: ['PCMA', 'PCMU'] } },
  callerIdRules: {
    type: 'object',
    properties: {
      defaultCallerId: { type: 'string' },
      format: { type: 'string', enum: ['e164', 'digits', 'national8'] },
    },
  },
  maxConcurrentCalls: { type: 'integer', minimum: 0, description: '0 = no limit' },
  registerExpires: { type: 'integer', minimum: 60, default: 300 },
  enabled: { type: 'boolean', default: true },
};
const connection = {
  type: 'object',
  description:
    'A connection; `password` is a fixed mask (••••••••) when one is stored, else null, `registration` the live state or null',
  properties: {
    ...connectionFields,
    id: { type: 'string', format: 'uuid' },
    password: { type: ['string', 'null'] },
    registration: {
      type: ['object', 'null'],
      description:
        'state: registering, registered, failed, refused (the outbound address policy did not allow the host: TELEPHONY_ALLOW_HOSTS), stopped, ip_auth',
    },
  },
};
const workingHours = {
  type: ['object', 'null'],
  properties: {
    timezone: { type: 'string', example: 'Europe/Moscow' },
    days: {
      type: 'object',
      description: 'mon…sun → [["09:00","18:00"], …]; a missing day is closed',
      additionalProperties: { type: 'array', items: { type: 'array', items: { type: 'string' } } },
    },
  },
};
const numberFields = {
  address: { type: 'string', description: 'A phone number (stored as E.164) or a SIP address' },
  label: { type: 'string' },
  connectionId: { type: ['string', 'null'], format: 'uuid' },
  agentId: { type: ['string', 'null'], format: 'uuid' },
  pinnedVersionId: { type: ['string', 'null'], format: 'uuid', description: 'null = the live version' },
  outboundCallerId: { type: 'string' },
  workingHours,
  afterHoursAgentId: { type: ['string', 'null'], format: 'uuid' },
  afterHoursMessage: { type: 'string' },
};
const checkStep = {
  type: 'object',
  properties: {
    step: { type: 'string', enum: ['dns', 'options', 'register'] },
    ok: { type: 'boolean' },
    skipped: { type: 'boolean' },
    sipCode: { type: ['integer', 'null'] },
    latencyMs: { type: ['integer', 'null'] },
    detail: { type: 'string' },
    explanation: { type: 'object', properties: { en: { type: 'string' }, ru: { type: 'string' } } },
  },
};
const testCall = {
  type: 'object',
  properties: {
    id: { type: 'string', format: 'uuid' },
    status: { type: 'string', enum: ['queued', 'trying', 'ringing', 'answered', 'ended', 'failed'] },
    sipCode: { type: ['integer', 'null'] },
    reason: {
      type: 'string',
      description: 'The SIP reason, or address_refused when the carrier is on a private network',
    },
    durationMs: { type: ['integer', 'null'] },
  },
};
const connectionParams = [uuid('projectId'), uuid('connectionId')];
const numberParams = [uuid('projectId'), uuid('phoneNumberId')];

export const telephonyPaths = {
  '/projects/{projectId}/sip-connections': {
    get: {
      summary: 'SIP connections with live registration status, and the provider presets (telephony.read)',
      security,
      parameters: [uuid('projectId')],
      responses: { '200': json('Connections and presets'), ...common },
    },
    post: {
      summary: 'Add a SIP connection; running media servers register at once (telephony.manage)',
      security,
      parameters: [uuid('projectId')],
      requestBody: body({ type: 'object', required: ['name', 'provider'], properties: connectionFields }),
      responses: {
        '201': json('The connection', connection),
        '400': err('Invalid fields'),
        '409': err('Name already used'),
        ...common,
      },
    },
  },
  '/projects/{projectId}/sip-connections/{connectionId}': {
    get: {
      summary: 'One connection (telephony.read)',
      security,
      parameters: connectionParams,
      responses: { '200': json('The connection', connection), ...common },
    },
    patch: {
      summary: 'Change a connection; applies live without a restart (telephony.manage)',
      security,
      parameters: connectionParams,
      requestBody: body({ type: 'object', properties: connectionFields }),
      responses: { '200': json('The connection', connection), '400': err('Invalid fields'), ...common },
    },
    delete: {
      summary: 'Remove a connection and its stored password; un-registers (telephony.manage)',
      security,
      parameters: connectionParams,
      responses: { '204': { description: 'Removed' }, ...common },
    },
  },
  '/projects/{projectId}/sip-connections/{connectionId}/check': {
    post: {
      summary: 'Check the connection: DNS, OPTIONS, REGISTER with the credentials (telephony.manage)',
      security,
      parameters: connectionParams,
      responses: {
        '200': json('Each step with its result, SIP code, latency and explanation', {
          type: 'object',
          properties: { ok: { type: 'boolean' }, steps: { type: 'array', items: checkStep } },
        }),
        '503': err('media_server_unavailable: no media server answered in time (the check runs there)'),
        ...rateLimited,
        ...common,
      },
    },
  },
  '/projects/{projectId}/phone-numbers': {
    get: {
      summary: 'Phone numbers and SIP addresses with connection, agent and hours (telephony.read)',
      security,
      parameters: [uuid('projectId')],
      responses: { '200': json('Numbers'), ...common },
    },
    post: {
      summary: 'Add a number (telephony.manage)',
      security,
      parameters: [uuid('projectId')],
      requestBody: body({ type: 'object', required: ['address'], properties: numberFields }),
      responses: {
        '201': json('The number'),
        '400': err('Invalid fields (not a valid number, unknown agent…)'),
        '409': err('Number already connected'),
        ...common,
      },
    },
  },
  '/projects/{projectId}/phone-numbers/{phoneNumberId}': {
    get: {
      summary: 'One number (telephony.read)',
      security,
      parameters: numberParams,
      responses: { '200': json('The number'), ...common },
    },
    patch: {
      summary: 'Change a number (telephony.manage)',
      security,
      parameters: numberParams,
      requestBody: body({ type: 'object', properties: numberFields }),
      responses: { '200': json('The number'), '400': err('Invalid fields'), ...common },
    },
    delete: {
      summary: 'Disconnect a number (telephony.manage)',
      security,
      parameters: numberParams,
      responses: { '204': { description: 'Removed' }, ...common },
    },
  },
  '/projects/{projectId}/test-calls': {
    get: {
      summary: 'Recent test calls (telephony.read)',
      security,
      parameters: [uuid('projectId')],
      responses: {
        '200': json('Test calls', {
          type: 'object',
          properties: { testCalls: { type: 'array', items: testCall } },
        }),
        ...common,
      },
    },
    post: {
      summary: 'Place a test call through a connection with an agent version (telephony.manage)',
      security,
      parameters: [uuid('projectId')],
      requestBody: body({
        type: 'object',
        required: ['connectionId', 'agentId', 'to'],
        properties: {
          connectionId: { type: 'string', format: 'uuid' },
          agentId: { type: 'string', format: 'uuid' },
          versionId: { type: 'string', format: 'uuid', description: 'Default: the live version' },
          to: { type: 'string', description: 'A phone number or SIP user to call' },
          callerId: { type: 'string' },
        },
      }),
      responses: {
        '201': json('The queued test call; poll it for progress', testCall),
        '400': err('Invalid fields'),
        '503': err('No media server is running to place the call'),
        ...rateLimited,
        ...common,
      },
    },
  },
  '/projects/{projectId}/test-calls/{testCallId}': {
    get: {
      summary: 'A test call’s progress: trying, ringing, answered, ended with SIP code and duration',
      security,
      parameters: [uuid('projectId'), uuid('testCallId')],
      responses: { '200': json('The test call', testCall), ...common },
    },
  },
};
