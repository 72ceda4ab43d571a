// Operations of the project's CRM integrations (issue 24): Bitrix24 connections, their test and their log.
import {
  amoCrmOAuthInput,
  googleCalendarOAuthInput,
  bitrix24Authorize,
  bitrix24OAuthInput,
  bitrix24OAuthStart,
  integrationDetail,
  integrationInput,
  integrationList,
  integrationTestResult,
  integrationView,
} from '../../../lib/integrations/integration-input.ts';
import type { ApiOperation } from '../api-operation.ts';

const tags = ['integrations'];
const one = '/projects/{projectId}/integrations/{integrationId}';

export const integrationOperations: ApiOperation[] = [
  {
    method: 'get',
    path: '/projects/{projectId}/integrations',
    operationId: 'listIntegrations',
    summary: 'The project’s CRM connections with their health (connected, failing since, last error)',
    tags,
    permission: 'crm.read',
    responses: { 200: integrationList },
  },
  {
    method: 'post',
    path: '/projects/{projectId}/integrations',
    operationId: 'createIntegration',
    summary:
      'Connect Bitrix24 by its incoming webhook URL. The URL is stored encrypted and never answered back; the portal must be public or one of the project’s allowed hosts.',
    tags,
    permission: 'credentials.manage',
    body: integrationInput,
    responses: { 201: integrationView },
    errors: { 422: 'Not a webhook URL, or the portal’s address is not allowed' },
  },
  {
    method: 'post',
    path: '/projects/{projectId}/integrations/bitrix24-oauth',
    operationId: 'startBitrix24OAuth',
    summary:
      'Connect Bitrix24 by OAuth: the local application’s secret is stored encrypted, the connection waits for authorization, and the answer is the portal’s consent address to send the browser to (state signed, bound to the project and person, ten minutes, used once)',
    tags,
    permission: 'credentials.manage',
    body: bitrix24OAuthInput,
    responses: { 201: bitrix24OAuthStart },
    errors: {
      422: 'Not a portal address, or the address is not allowed',
      403: 'An API key cannot authorize',
    },
  },
  {
    method: 'post',
    path: '/projects/{projectId}/integrations/amocrm-oauth',
    operationId: 'startAmoCrmOAuth',
    summary:
      'Connect amoCRM by OAuth: the integration’s secret key is stored encrypted, the connection waits for authorization, and the answer is amoCRM’s consent address to send the browser to (state signed, bound to the project and person, ten minutes, used once)',
    tags,
    permission: 'credentials.manage',
    body: amoCrmOAuthInput,
    responses: { 201: bitrix24OAuthStart },
    errors: {
      422: 'Not an account address, or the address is not allowed',
      403: 'An API key cannot authorize',
    },
  },
  {
    method: 'post',
    path: '/projects/{projectId}/integrations/google-calendar-oauth',
    operationId: 'startGoogleCalendarOAuth',
    summary:
      'Connect a Google Calendar by OAuth 2.0 (offline access): the OAuth client’s secret is stored encrypted, the connection waits for authorization, and the answer is Google’s consent address to send the browser to (state signed, bound to the project and person, ten minutes, used once)',
    tags,
    permission: 'credentials.manage',
    body: googleCalendarOAuthInput,
    responses: { 201: bitrix24OAuthStart },
    errors: { 403: 'An API key cannot authorize' },
  },
  {
    method: 'post',
    path: `${one}/authorize`,
    operationId: 'authorizeBitrix24',
    summary:
      'A fresh consent address for an OAuth connection (Bitrix24 or amoCRM), to authorize it (again) in the CRM',
    tags,
    permission: 'credentials.manage',
    responses: { 200: bitrix24Authorize },
    errors: { 403: 'An API key cannot authorize' },
  },
  {
    method: 'get',
    path: one,
    operationId: 'getIntegration',
    summary: 'One connection, its health and its last 100 requests (method, status, error; never a body)',
    tags,
    permission: 'crm.read',
    responses: { 200: integrationDetail },
  },
  {
    method: 'delete',
    path: one,
    operationId: 'deleteIntegration',
    summary: 'Disconnect: the connection, its log and its stored secret are removed',
    tags,
    permission: 'credentials.manage',
    responses: { 204: null },
  },
  {
    method: 'post',
    path: `${one}/test`,
    operationId: 'testIntegration',
    summary: 'Make one harmless request to the CRM and answer whether it worked; the request is logged',
    tags,
    permission: 'credentials.manage',
    responses: { 200: integrationTestResult },
  },
];
