// What the calls API answers (the list, the call card, issues) as JSON; the OpenAPI file documents these.
import { z } from 'zod';
import { ISSUE_REASONS, ISSUE_STATUSES } from '../../lib/calls/issue-values.ts';
import { isoDateTime } from '../api/api-schemas.ts';
import { stageProvidersSchema } from './call-events.ts';

const agentRef = z.object({ id: z.uuid(), name: z.string() }).nullable();

export const callListItemView = z
  .object({
    id: z.uuid(),
    direction: z.string(),
    from: z.string(),
    to: z.string(),
    agent: agentRef,
    versionId: z.uuid().nullable(),
    versionNumber: z.number().int().nullable(),
    status: z.string(),
    startedAt: isoDateTime,
    endedAt: isoDateTime.nullable(),
    durationMs: z.number().int().nullable(),
    disposition: z.string().nullable(),
    endReason: z.string().nullable(),
    sipCause: z.string().nullable(),
    turnCount: z.number().int(),
    openIssueCount: z.number().int(),
    issueCount: z.number().int(),
    avgResponseMs: z.number().nullable(),
    tags: z.array(z.string()),
    summary: z.string().nullable(),
    outcomes: z.record(z.string(), z.unknown()),
    hasRecording: z.boolean(),
    snippet: z.string().optional().describe('With `q`: the matching words in context, marked with [[ ]]'),
  })
  .meta({ id: 'CallListItem' });

export const callPage = z.object({
  calls: z.array(callListItemView),
  nextCursor: z.string().nullable().describe('null at the end'),
});

export const callIssueView = z
  .object({
    id: z.uuid(),
    callId: z.uuid(),
    turnId: z.uuid().nullable(),
    turnSeq: z.number().int().nullable(),
    reason: z.enum(ISSUE_REASONS),
    comment: z.string(),
    status: z.enum(ISSUE_STATUSES),
    assigneeId: z.uuid().nullable(),
    agentId: z.uuid().nullable(),
    versionId: z.uuid().nullable(),
    nodeId: z.string().nullable(),
    createdById: z.uuid().nullable(),
    createdAt: isoDateTime,
    updatedAt: isoDateTime,
    studioUrl: z.string().nullable().describe('The node in Agent Studio, at the version the call ran'),
  })
  .meta({ id: 'CallIssue' });

export const oneIssue = z.object({ issue: callIssueView });
export const issuePage = z.object({
  issues: z.array(
    callIssueView.extend({
      call: z.object({ from: z.string(), direction: z.string(), startedAt: isoDateTime }),
      turn: z.object({ id: z.uuid(), text: z.string(), speaker: z.string() }).nullable(),
    }),
  ),
  nextCursor: z.uuid().nullable(),
});

export const callTagsView = z.object({ tags: z.array(z.string()) });

export const callDetailView = z
  .object({
    call: z
      .object({
        id: z.uuid(),
        direction: z.string(),
        from: z.string(),
        to: z.string(),
        agent: agentRef,
        versionId: z.uuid().nullable(),
        versionNumber: z.number().int().nullable(),
        status: z.string(),
        startedAt: isoDateTime,
        answeredAt: isoDateTime.nullable(),
        endedAt: isoDateTime.nullable(),
        durationMs: z.number().int().nullable(),
        endReason: z.string().nullable(),
        disposition: z.string().nullable(),
        sipCause: z
          .string()
          .nullable()
          .describe('Who ended a phone call and how, e.g. `BYE from caller; Q.850 cause 16`'),
        tags: z.array(z.string()),
        variables: z.record(z.string(), z.unknown()),
        handoff: z.unknown(),
        /** The call handed to a person (issue 20): its queue, status, times and the operator's wrap-up. */
        operatorHandoff: z
          .object({
            id: z.uuid(),
            queueName: z.string(),
            status: z.string(),
            operatorUserId: z.uuid().nullable(),
            acceptedAt: isoDateTime.nullable(),
            connectedAt: isoDateTime.nullable(),
            endedAt: isoDateTime.nullable(),
            wrapUp: z.object({ disposition: z.string(), note: z.string(), at: isoDateTime }).nullable(),
          })
          .nullable()
          .optional(),
        path: z.array(z.string()),
        analysis: z.object({
          status: z.string().nullable(),
          source: z.string().nullable(),
          summary: z.string().nullable(),
          outcomes: z.record(z.string(), z.unknown()),
        }),
        recording: z
          .object({
            format: z.string(),
            channels: z.number().int(),
            sampleRate: z.number().int(),
            durationMs: z.number().int().nullable(),
          })
          .nullable(),
      })
      .loose(),
    turns: z.array(
      z
        .object({
          id: z.uuid(),
          /** `operator`: a person from an operator queue, after the bot handed the call over. */
          speaker: z.enum(['caller', 'agent', 'operator']),
          text: z.string(),
          startMs: z.number().nullable(),
          endMs: z.number().nullable(),
          confidence: z.number().nullable(),
          nodeId: z.string().nullable(),
          timings: z.record(z.string(), z.number()).nullable().describe('Stage timings in ms'),
          providers: stageProvidersSchema
            .nullable()
            .optional()
            .describe(
              'Agent turns: the recogniser, LLM and voice that served the turn (`provider:account`, `default`, `espeak`…); `fallback` lists the stages a stand-in served after the agent’s own provider failed',
            ),
        })
        .loose(),
    ),
    events: z
      .array(
        z
          .object({
            id: z.string(),
            type: z.string(),
            at: isoDateTime,
            offsetMs: z.number().nullable(),
            data: z.record(z.string(), z.unknown()),
          })
          .loose(),
      )
      .describe(
        'Tool calls with arguments, results and HTTP status, transfers, errors, barge-ins, fillers, provider failures (`provider_failed`: stage, provider, replacedBy, code, message)',
      ),
    issues: z.array(callIssueView),
    flow: z
      .object({
        nodes: z.array(
          z.object({ id: z.string(), type: z.string(), label: z.string(), x: z.number(), y: z.number() }),
        ),
        edges: z.array(z.object({ source: z.string(), target: z.string() })),
      })
      .nullable()
      .describe('The flow layout, to draw the path'),
  })
  .meta({ id: 'CallDetail' });
