// Operations of provider accounts (issue 16): a project's LLM, recognition and voice accounts, their test,
// what they offer, and the voice preview.
import {
  createProviderInput,
  previewInput,
  providerCatalogView,
  providerList,
  providerTestResult,
  providerView,
  updateProviderInput,
} from '../../provider-accounts/provider-account-input.ts';
import type { ApiOperation } from '../api-operation.ts';

const tags = ['providers'];
const one = '/projects/{projectId}/providers/{providerId}';

export const providerOperations: ApiOperation[] = [
  {
    method: 'get',
    path: '/projects/{projectId}/providers',
    operationId: 'listProviders',
    summary: 'Provider accounts (keys masked) and the embedded voices',
    tags,
    permission: 'agents.edit',
    responses: { 200: providerList },
  },
  {
    method: 'post',
    path: '/projects/{projectId}/providers',
    operationId: 'createProvider',
    summary: 'Add a provider account; the key is sealed and only ever shown masked',
    tags,
    permission: 'credentials.manage',
    body: createProviderInput,
    responses: { 201: providerView },
    errors: { 409: 'Name already used' },
  },
  {
    method: 'get',
    path: one,
    operationId: 'getProvider',
    summary: 'One provider account',
    tags,
    permission: 'agents.edit',
    responses: { 200: providerView },
  },
  {
    method: 'patch',
    path: one,
    operationId: 'updateProvider',
    summary: 'Change an account (a key sent replaces the stored one)',
    tags,
    permission: 'credentials.manage',
    body: updateProviderInput,
    responses: { 200: providerView },
  },
  {
    method: 'delete',
    path: one,
    operationId: 'deleteProvider',
    summary: 'Remove an account and its stored key; agents using it fall back to the default',
    tags,
    permission: 'credentials.manage',
    responses: { 204: null },
  },
  {
    method: 'post',
    path: `${one}/test`,
    operationId: 'testProvider',
    summary:
      'One minimal real request with the stored key; a failure is explained (bad key, wrong region or folder, quota, unreachable)',
    tags,
    permission: 'credentials.manage',
    responses: { 200: providerTestResult },
    rateLimit: 'provider-request',
  },
  {
    method: 'get',
    path: `${one}/catalog`,
    operationId: 'getProviderCatalog',
    summary: 'Voices and models the account offers (listed by the provider where it can list them)',
    tags,
    permission: 'agents.edit',
    responses: { 200: providerCatalogView },
  },
  {
    method: 'post',
    path: '/projects/{projectId}/voice-preview',
    operationId: 'previewVoice',
    summary: 'Speak a text in a voice (the studio preview); synthesized by the media server',
    tags,
    permission: 'agents.edit',
    body: previewInput,
    responses: { 200: { description: 'The speech as WAV', contentType: 'audio/wav' } },
    errors: {
      502: 'The provider failed (the message says why)',
      503: 'media_server_unavailable: no media server answered in time',
    },
    rateLimit: 'provider-request',
  },
];
