// Operations of webhooks (ADR 018): endpoints, a test event, the delivery log. The signature check is
// documented here, with a snippet, because receivers read the API description first.
import { z } from 'zod';
import { VERIFY_SNIPPET } from '../../webhooks/webhook-signature.ts';
import {
  deliveriesQuery,
  deliveryView,
  SUBSCRIBABLE,
  webhookInput,
  webhookUpdateInput,
  webhookView,
} from '../../webhooks/webhooks.server.ts';
import type { ApiOperation } from '../api-operation.ts';

const tags = ['webhooks'];
const one = '/projects/{projectId}/webhooks/{webhookId}';

const SIGNING = [
  'Each delivery is a POST of the event envelope `{id, type, version, projectId, at, data}` as JSON, with',
  '`X-Webhook-Id` (the delivery id, the same on every retry: drop repeats), `X-Webhook-Event`,',
  '`X-Webhook-Timestamp` (Unix seconds) and `X-Webhook-Signature: v1=<hex HMAC-SHA256 of "<timestamp>.<raw body>"',
  'with the secret>`. Answer 2xx within 10 s; anything else is retried with exponential backoff (10 s, 20 s, 40 s…)',
  'for about 24 hours. An endpoint that has failed for a day is disabled (its admins see why on the list);',
  'enable it again with PATCH `{"enabled": true}`. Addresses must be HTTPS and public (private, loopback and',
  'metadata addresses are refused). Verify the signature like this:\n\n' + VERIFY_SNIPPET,
].join(' ');

export const webhookOperations: ApiOperation[] = [
  {
    method: 'get',
    path: '/projects/{projectId}/webhooks',
    operationId: 'listWebhooks',
    summary: "The project's webhooks, with why one was disabled",
    tags,
    permission: 'project.update',
    responses: { 200: z.object({ webhooks: z.array(webhookView) }) },
  },
  {
    method: 'post',
    path: '/projects/{projectId}/webhooks',
    operationId: 'createWebhook',
    summary: `Register an HTTPS endpoint for event types (${SUBSCRIBABLE.join(', ')}). The answer carries the signing secret, shown only this once. Audited. ${SIGNING}`,
    tags,
    permission: 'project.update',
    body: webhookInput,
    responses: { 201: z.object({ webhook: webhookView, secret: z.string() }) },
    errors: { 400: 'Invalid fields, not HTTPS, or an address that is refused (private, loopback)' },
  },
  {
    method: 'get',
    path: one,
    operationId: 'getWebhook',
    summary: 'One webhook',
    tags,
    permission: 'project.update',
    responses: { 200: webhookView },
  },
  {
    method: 'patch',
    path: one,
    operationId: 'updateWebhook',
    summary:
      'Change the address, events or description, or enable/disable it (enabling clears a day-of-failures stop). Audited.',
    tags,
    permission: 'project.update',
    body: webhookUpdateInput,
    responses: { 200: webhookView },
  },
  {
    method: 'delete',
    path: one,
    operationId: 'deleteWebhook',
    summary: 'Remove the webhook, its secret and its delivery log. Audited.',
    tags,
    permission: 'project.update',
    responses: { 204: null },
  },
  {
    method: 'post',
    path: `${one}/test-event`,
    operationId: 'testWebhook',
    summary: 'Send a `webhook.test` event to this endpoint now, signed like any other; answers its delivery',
    tags,
    permission: 'project.update',
    responses: { 202: deliveryView },
  },
  {
    method: 'get',
    path: `${one}/deliveries`,
    operationId: 'listWebhookDeliveries',
    summary:
      "The delivery log, newest first: event, status, attempts, the receiver's status code and response time",
    tags,
    permission: 'project.update',
    query: deliveriesQuery,
    responses: { 200: z.object({ deliveries: z.array(deliveryView) }) },
  },
];
