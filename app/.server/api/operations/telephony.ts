// Operations of telephony: SIP connections (with the check), phone numbers, test calls.
import { createPhoneNumberInput, updatePhoneNumberInput } from '../../telephony/phone-number-input.ts';
import { createSipConnectionInput, updateSipConnectionInput } from '../../telephony/sip-connection-input.ts';
import {
  connectionCheckView,
  phoneNumberList,
  phoneNumberView,
  sipConnectionList,
  sipConnectionView,
  testCallList,
  testCallView,
} from '../../telephony/telephony-views.ts';
import { createTestCallInput } from '../../telephony/trial-calls.server.ts';
import type { ApiOperation } from '../api-operation.ts';

const tags = ['telephony'];
const connection = '/projects/{projectId}/sip-connections/{connectionId}';
const number = '/projects/{projectId}/phone-numbers/{phoneNumberId}';

export const telephonyOperations: ApiOperation[] = [
  {
    method: 'get',
    path: '/projects/{projectId}/sip-connections',
    operationId: 'listSipConnections',
    summary: 'SIP connections with live registration status, and the provider presets',
    tags,
    permission: 'telephony.read',
    responses: { 200: sipConnectionList },
  },
  {
    method: 'post',
    path: '/projects/{projectId}/sip-connections',
    operationId: 'createSipConnection',
    summary:
      'Add a SIP connection; running media servers register at once. The password is sealed and only ever shown as set.',
    tags,
    permission: 'telephony.manage',
    body: createSipConnectionInput,
    responses: { 201: sipConnectionView },
    errors: { 409: 'Name already used' },
  },
  {
    method: 'get',
    path: connection,
    operationId: 'getSipConnection',
    summary: 'One connection',
    tags,
    permission: 'telephony.read',
    responses: { 200: sipConnectionView },
  },
  {
    method: 'patch',
    path: connection,
    operationId: 'updateSipConnection',
    summary: 'Change a connection (a password sent replaces the stored one); applies live',
    tags,
    permission: 'telephony.manage',
    body: updateSipConnectionInput,
    responses: { 200: sipConnectionView },
  },
  {
    method: 'delete',
    path: connection,
    operationId: 'deleteSipConnection',
    summary: 'Remove a connection and its stored password; un-registers',
    tags,
    permission: 'telephony.manage',
    responses: { 204: null },
  },
  {
    method: 'post',
    path: `${connection}/check`,
    operationId: 'checkSipConnection',
    summary: 'Check the connection: DNS, OPTIONS, REGISTER with the credentials (never answers the password)',
    tags,
    permission: 'telephony.manage',
    responses: { 200: connectionCheckView },
    errors: { 503: 'media_server_unavailable: no media server answered in time (the check runs there)' },
    rateLimit: 'connection-check',
  },
  {
    method: 'get',
    path: '/projects/{projectId}/phone-numbers',
    operationId: 'listPhoneNumbers',
    summary: 'Phone numbers and SIP addresses with connection, agent and hours',
    tags,
    permission: 'telephony.read',
    responses: { 200: phoneNumberList },
  },
  {
    method: 'post',
    path: '/projects/{projectId}/phone-numbers',
    operationId: 'createPhoneNumber',
    summary: 'Add a number (E.164, any usual writing) or a SIP address',
    tags,
    permission: 'telephony.manage',
    body: createPhoneNumberInput,
    responses: { 201: phoneNumberView },
    errors: {
      400: 'Invalid fields (not a valid number, unknown agent…)',
      409: 'Number already connected',
    },
  },
  {
    method: 'get',
    path: number,
    operationId: 'getPhoneNumber',
    summary: 'One number',
    tags,
    permission: 'telephony.read',
    responses: { 200: phoneNumberView },
  },
  {
    method: 'patch',
    path: number,
    operationId: 'updatePhoneNumber',
    summary: 'Change a number',
    tags,
    permission: 'telephony.manage',
    body: updatePhoneNumberInput,
    responses: { 200: phoneNumberView },
  },
  {
    method: 'delete',
    path: number,
    operationId: 'deletePhoneNumber',
    summary: 'Disconnect a number (calls to it get 404 from then on)',
    tags,
    permission: 'telephony.manage',
    responses: { 204: null },
  },
  {
    method: 'get',
    path: '/projects/{projectId}/test-calls',
    operationId: 'listTestCalls',
    summary: 'Recent test calls',
    tags,
    permission: 'telephony.read',
    responses: { 200: testCallList },
  },
  {
    method: 'post',
    path: '/projects/{projectId}/test-calls',
    operationId: 'placeTestCall',
    summary:
      'Place a test call through a connection with an agent version; poll GET …/test-calls/{testCallId} for progress',
    tags,
    permission: 'telephony.manage',
    body: createTestCallInput,
    responses: { 201: testCallView },
    errors: { 503: 'No media server is running to place the call' },
    rateLimit: 'test-call',
  },
  {
    method: 'get',
    path: '/projects/{projectId}/test-calls/{testCallId}',
    operationId: 'getTestCall',
    summary:
      'A test call’s progress: trying, ringing, answered, ended (or failed) with SIP code and duration',
    tags,
    permission: 'telephony.read',
    responses: { 200: testCallView },
  },
];
