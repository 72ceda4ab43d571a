// Operations of the realtime gateway and the live monitor (ADR 018). The WebSocket at /api/v1/realtime is
// not an HTTP operation; it is described with the SSE stream it mirrors.
import { z } from 'zod';
import { EVENT_TYPES } from '../../events/event-catalogue.ts';
import { alertRulesSchema } from '../../monitor/alert-rules.ts';
import { liveCallSchema, monitorCallViewSchema } from '../../../lib/monitor/monitor-views.ts';
import { listenInput, monitorQuery, monitorSettingsInput } from '../../monitor/monitor.server.ts';
import { eventsQuery } from '../../realtime/sse-response.ts';
import type { ApiOperation } from '../api-operation.ts';

const row = liveCallSchema.extend({ agentName: z.string().nullable() });
const settings = z.object({ rules: alertRulesSchema, sound: z.boolean() });
const snapshot = z.object({
  calls: z.array(row),
  counters: z.object({
    live: z.number(),
    waiting: z.number(),
    handledByBot: z.number(),
    transferred: z.number(),
    abandoned: z.number(),
    averageHandleMs: z.number().nullable(),
  }),
  settings,
  at: z.number(),
});
const callView = monitorCallViewSchema;
const listenTicket = z.object({ ticket: z.string(), url: z.string(), expiresIn: z.number() });

export const realtimeOperations: ApiOperation[] = [
  {
    method: 'get',
    path: '/projects/{projectId}/events',
    operationId: 'streamEvents',
    summary: [
      "The project's domain events as server-sent events (or one call's, with `callId`), filtered by your role.",
      `Event types: ${EVENT_TYPES.filter((t) => t !== 'webhook.test').join(', ')}.`,
      "Each SSE `id` is the event's stream id: reconnect with `Last-Event-ID` (EventSource does it) or",
      '`lastEventId` and you get what you missed, with no gap and no repeat. An `event: resync` means you fell',
      'behind (or history was trimmed): reload your state, then subscribe again.',
      'The same stream over WebSocket: `GET /api/v1/realtime` (session cookie, or `Authorization: Bearer`',
      'with an access token or API key), then send `{"type":"subscribe","projectId":"…","callId":"…",',
      '"lastEventId":"…"}`; messages are `{"type":"event","id","event"}`, `subscribed`, `resync`, `error`.',
    ].join(' '),
    tags: ['realtime'],
    permission: 'calls.read',
    query: eventsQuery,
    responses: { 200: { description: 'An endless text/event-stream', contentType: 'text/event-stream' } },
  },
  {
    method: 'get',
    path: '/projects/{projectId}/monitor',
    operationId: 'getMonitor',
    summary:
      "Live calls with agent, caller, direction, current node, last words, sentiment and alerts, and today's counters; with `callId`, that live call's transcript so far and its flow's layout",
    tags: ['realtime'],
    permission: 'calls.monitor',
    query: monitorQuery,
    responses: { 200: z.union([snapshot, callView]) },
  },
  {
    method: 'put',
    path: '/projects/{projectId}/monitor',
    operationId: 'setMonitorSettings',
    summary:
      'Alert rules (silence, the same step answering N times, words of anger or asking for a human, waiting for an operator; null turns one off) and the alert sound. New calls use them within 15 s. Audited.',
    tags: ['realtime'],
    permission: 'calls.monitor',
    body: monitorSettingsInput,
    responses: { 200: settings },
  },
  {
    method: 'post',
    path: '/projects/{projectId}/monitor/listen',
    operationId: 'listenToCall',
    summary: [
      'A ticket to hear one live call of the project (caller and agent mixed) through the browser: open `url`',
      '(the media server\'s WebSocket) within `expiresIn` seconds, once. It sends `{"type":"ready","sampleRate"}`,',
      'then binary 20 ms frames of mono PCM, signed 16-bit little-endian, and `{"type":"ended"}` when the call',
      'ends; close it to stop. Signed-in people only (not API keys); 404 when the call is not live in this',
      'project. Audited as `call.listen`. With `mode` `whisper` (heard by the operator only), `barge` (heard',
      'by the operator and the caller) or `takeover` (the bot stops at once and the supervisor talks with the',
      'caller; closing the socket ends the call), which need `calls.takeover`, the browser sends binary frames',
      'of its microphone in the same format; audited as `call.whisper`, `call.barge`, `call.takeover`.',
    ].join(' '),
    tags: ['realtime'],
    permission: 'calls.monitor',
    body: listenInput,
    responses: { 201: listenTicket },
  },
];
