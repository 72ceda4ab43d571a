// What the Agent Studio API answers (AgentView, DraftView, VersionView, test conversations) as JSON; the
// OpenAPI file documents these shapes.
import { z } from 'zod';
import { isoDateTime } from '../api/api-schemas.ts';

const graph = z
  .record(z.string(), z.unknown())
  .describe('A flow: {schemaVersion, nodes, edges, variables, settings}');

const issue = z.object({
  code: z.string(),
  message: z.object({ en: z.string(), ru: z.string() }),
  nodeId: z.string().optional(),
  edgeId: z.string().optional(),
  field: z.string().optional(),
});
const validationReport = z
  .object({ errors: z.array(issue), warnings: z.array(issue) })
  .meta({ id: 'ValidationReport' });

const agentFields = {
  id: z.uuid(),
  name: z.string(),
  language: z.enum(['ru', 'en']),
  voice: z.string(),
  description: z.string(),
  tags: z.array(z.string()),
  liveVersion: z.object({ id: z.uuid(), number: z.number().int(), createdAt: isoDateTime }).nullable(),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
};

export const agentView = z
  .object({
    ...agentFields,
    draft: z.object({ graph, revision: z.number().int(), updatedAt: isoDateTime }),
  })
  .meta({ id: 'Agent' });

export const agentList = z.object({
  agents: z.array(z.object({ ...agentFields, draftRevision: z.number().int(), draftUpdatedAt: isoDateTime })),
});

export const savedDraftView = z.object({
  revision: z.number().int(),
  updatedAt: isoDateTime,
  validation: validationReport,
});
export const draftView = savedDraftView.extend({ graph });

export const versionView = z
  .object({
    id: z.uuid(),
    number: z.number().int(),
    note: z.string(),
    author: z.object({ email: z.string(), name: z.string().nullable() }).nullable(),
    createdAt: isoDateTime,
    live: z.boolean().describe('Calls are routed to this version'),
  })
  .meta({ id: 'Version' });
export const versionList = z.object({ versions: z.array(versionView) });
export const versionWithGraph = z.object({
  version: versionView.extend({ graph, settings: z.unknown() }),
});
export const oneVersion = z.object({ version: versionView });

export const testSessionView = z
  .object({
    id: z.uuid(),
    versionId: z.uuid().nullable().describe('null: the draft'),
    ended: z.boolean(),
    createdAt: isoDateTime,
    updatedAt: isoDateTime,
  })
  .meta({ id: 'TestSession' });

export const testTurnView = z
  .object({
    index: z.number().int(),
    input: z.union([
      z.object({ start: z.literal(true) }),
      z.object({ text: z.string() }),
      z.object({ dtmf: z.string() }),
    ]),
    replies: z.array(z.string()).describe('What the agent said'),
    commands: z.array(z.record(z.string(), z.unknown())).describe('say, listen, transfer, hangup…'),
    trace: z.record(z.string(), z.unknown()).describe('The nodes the turn went through and why'),
    activeNodeId: z.string().nullable(),
    ended: z.boolean(),
    createdAt: isoDateTime,
  })
  .meta({ id: 'TestTurn' });

export const testSessionList = z.object({
  sessions: z.array(testSessionView.extend({ turns: z.number().int() })),
});
export const startedTestSession = z.object({ session: testSessionView, turn: testTurnView });
export const testSessionWithTurns = z.object({ session: testSessionView, turns: z.array(testTurnView) });
export const oneTurn = z.object({ turn: testTurnView });

export const voiceTicketView = z.object({
  ticket: z.string(),
  url: z.string().describe('The voice WebSocket URL, ticket included'),
  expiresIn: z.number().int().describe('Seconds'),
});

export const templateList = z.object({
  templates: z.array(
    z.object({
      id: z.string().describe('Pass as `template` when creating an agent'),
      language: z.enum(['ru', 'en']),
      name: z.string(),
      description: z.string(),
      nodeCount: z.number().int().min(1),
    }),
  ),
});
