// Operations of handoff to people (issue 20): operator queues, operators' presence, offers and their answers.
import {
  createQueueInput,
  handoffList,
  handoffView,
  operatorAudioView,
  presenceInput,
  presenceView,
  queueList,
  queueView,
  updateQueueInput,
  wrapUpInput,
} from '../../handoffs/handoff-input.ts';
import type { ApiOperation } from '../api-operation.ts';

const tags = ['handoffs'];
const queue = '/projects/{projectId}/queues/{queueId}';
const handoff = '/projects/{projectId}/handoffs/{handoffId}';

const answer = (action: 'accept' | 'decline' | 'complete', summary: string): ApiOperation => ({
  method: 'post',
  path: `${handoff}/${action}`,
  operationId: `${action}Handoff`,
  summary,
  tags,
  permission: 'handoffs.handle',
  responses: { 200: handoffView },
  errors: {
    403: 'Not an operator role, or an API key (offers belong to a person)',
    409: 'The call is no longer offered to you (offer_gone) or not yours (handoff_not_yours)',
  },
});

export const handoffOperations: ApiOperation[] = [
  {
    method: 'get',
    path: '/projects/{projectId}/queues',
    operationId: 'listQueues',
    summary: 'Operator queues with skills, wait rules and how many callers wait',
    tags,
    permission: 'calls.read',
    responses: { 200: queueList },
  },
  {
    method: 'post',
    path: '/projects/{projectId}/queues',
    operationId: 'createQueue',
    summary:
      'Create an operator queue: skills (languages, topics), priority, maximum wait and what happens after it or out of working hours (node, callback, hangup, number, queue), working hours in the project time zone, offer timeout',
    tags,
    permission: 'telephony.manage',
    body: createQueueInput,
    responses: { 201: queueView },
    errors: { 409: 'A queue with this name exists (queue_name_taken)' },
  },
  {
    method: 'get',
    path: queue,
    operationId: 'getQueue',
    summary: 'One queue',
    tags,
    permission: 'calls.read',
    responses: { 200: queueView },
  },
  {
    method: 'patch',
    path: queue,
    operationId: 'updateQueue',
    summary: 'Change a queue',
    tags,
    permission: 'telephony.manage',
    body: updateQueueInput,
    responses: { 200: queueView },
    errors: { 409: 'A queue with this name exists (queue_name_taken)' },
  },
  {
    method: 'delete',
    path: queue,
    operationId: 'deleteQueue',
    summary: 'Delete a queue with its handoffs',
    tags,
    permission: 'telephony.manage',
    responses: { 204: null },
  },
  {
    method: 'get',
    path: '/projects/{projectId}/operators/me/presence',
    operationId: 'getOperatorPresence',
    summary: 'The signed-in operator’s presence and skills',
    tags,
    permission: 'handoffs.handle',
    responses: { 200: presenceView },
    errors: { 403: 'Not an operator role, or an API key' },
  },
  {
    method: 'put',
    path: '/projects/{projectId}/operators/me/presence',
    operationId: 'setOperatorPresence',
    summary:
      'Set presence online, away or offline, with skills; busy, offered and wrap-up are set by the system. Going online offers waiting calls at once',
    tags,
    permission: 'handoffs.handle',
    body: presenceInput,
    responses: { 200: presenceView },
    errors: {
      403: 'Not an operator role, or an API key',
      409: 'Holding an offer or a call (operator_engaged)',
    },
  },
  {
    method: 'get',
    path: '/projects/{projectId}/handoffs',
    operationId: 'listHandoffs',
    summary: 'Open handoffs: an operator’s own offers and calls, every waiting one for supervisors',
    tags,
    permission: 'handoffs.handle',
    responses: { 200: handoffList },
  },
  {
    method: 'get',
    path: handoff,
    operationId: 'getHandoff',
    summary: 'One handoff with its packet (reason, summary, slots, variables, last turns)',
    tags,
    permission: 'handoffs.handle',
    responses: { 200: handoffView },
  },
  answer('accept', 'Accept the call offered to you'),
  answer(
    'decline',
    'Decline the offer: the call goes to the next operator and is never offered to you again',
  ),
  answer('complete', 'Finish the call: the handoff completes and you go to wrap-up'),
  {
    method: 'post',
    path: `${handoff}/audio`,
    operationId: 'joinHandoffAudio',
    summary:
      'A one-use ticket and WebSocket URL for your browser to talk with the caller of the handoff you accepted (16 kHz PCM both ways)',
    tags,
    permission: 'handoffs.handle',
    responses: { 201: operatorAudioView },
    errors: {
      403: 'Not an operator role, or an API key',
      404: 'No live call of yours for this handoff (call_not_found)',
    },
  },
  {
    method: 'post',
    path: `${handoff}/wrap-up`,
    operationId: 'wrapUpHandoff',
    summary: 'File your finished call (disposition from the list, note); you are online again',
    tags,
    permission: 'handoffs.handle',
    body: wrapUpInput,
    responses: { 200: handoffView },
    errors: {
      403: 'Not an operator role, or an API key',
      409: 'The call is not finished or not yours (handoff_not_finished)',
    },
  },
];
