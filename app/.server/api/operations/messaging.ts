// Operations of messaging (issue 22): channels with sealed secrets, templates with a segment count, and the
// message log with the send endpoint (idempotency keys, statuses queued → sent → delivered/failed/refused).
import { z } from 'zod';
import {
  CHANNEL_KINDS,
  channelInput,
  channelSettings,
  channelTestInput,
  channelUpdateInput,
} from '../../messaging/channels.server.ts';
import {
  MESSAGE_STATUSES,
  messageBatchInput,
  messageInput,
  messagesQuery,
} from '../../messaging/messages.server.ts';
import { templateInput, templateUpdateInput } from '../../messaging/templates.server.ts';
import { telegramUpdate } from '../../messaging/providers/telegram-update.ts';
import { templateVariable } from '../../../lib/messaging/message-template.ts';
import type { ApiOperation } from '../api-operation.ts';

const tags = ['messaging'];
const channels = '/projects/{projectId}/messaging-channels';
const templates = '/projects/{projectId}/message-templates';
const messages = '/projects/{projectId}/messages';
const iso = z.string();

const channelView = z.object({
  id: z.uuid(),
  name: z.string(),
  kind: z.enum(CHANNEL_KINDS),
  settings: channelSettings,
  hasSecret: z.boolean(),
  enabled: z.boolean(),
  createdAt: iso,
});
const smsCount = z.object({
  encoding: z.enum(['gsm7', 'ucs2']),
  characters: z.number(),
  units: z.number(),
  segments: z.number(),
  perSegment: z.number(),
  remaining: z.number(),
});
const templateView = z.object({
  id: z.uuid(),
  channelId: z.uuid(),
  name: z.string(),
  language: z.string(),
  subject: z.string(),
  body: z.string(),
  variables: z.array(templateVariable),
  preview: z.object({ text: z.string(), sms: smsCount }),
  updatedAt: iso,
});
const messageView = z.object({
  id: z.uuid(),
  channelId: z.uuid(),
  templateId: z.uuid().nullable(),
  to: z.string(),
  subject: z.string(),
  text: z.string(),
  status: z.enum(MESSAGE_STATUSES),
  reason: z.string().nullable(),
  providerId: z.string().nullable(),
  attempts: z.number(),
  segments: z.number(),
  source: z.string(),
  callId: z.uuid().nullable(),
  campaignId: z.uuid().nullable(),
  deferredUntil: iso.nullable(),
  queuedAt: iso,
  sentAt: iso.nullable(),
  deliveredAt: iso.nullable(),
  failedAt: iso.nullable(),
});

export const messagingOperations: ApiOperation[] = [
  {
    method: 'get',
    path: channels,
    operationId: 'listMessagingChannels',
    summary:
      "The project's messaging channels (SMS.ru, SMSC.ru, Telegram bot, SMTP); secrets are never answered",
    tags,
    permission: 'campaigns.read',
    responses: { 200: z.object({ channels: z.array(channelView) }) },
  },
  {
    method: 'post',
    path: channels,
    operationId: 'createMessagingChannel',
    summary: 'Add a channel; its API key or bot token is sealed by the credentials service. Audited.',
    tags,
    permission: 'project.update',
    body: channelInput,
    responses: { 201: channelView },
  },
  {
    method: 'get',
    path: `${channels}/{channelId}`,
    operationId: 'getMessagingChannel',
    summary: 'One channel',
    tags,
    permission: 'campaigns.read',
    responses: { 200: channelView },
  },
  {
    method: 'patch',
    path: `${channels}/{channelId}`,
    operationId: 'updateMessagingChannel',
    summary: 'Rename, switch off, change the sender name or replace the secret. Audited.',
    tags,
    permission: 'project.update',
    body: channelUpdateInput,
    responses: { 200: channelView },
  },
  {
    method: 'delete',
    path: `${channels}/{channelId}`,
    operationId: 'deleteMessagingChannel',
    summary: 'Remove the channel, its secret, its templates and its messages. Audited.',
    tags,
    permission: 'project.update',
    responses: { 204: null },
  },
  {
    method: 'post',
    path: `${channels}/{channelId}/test-message`,
    operationId: 'testMessagingChannel',
    summary:
      'Send a test message through the channel; it is queued and logged like any other (source "test")',
    tags,
    permission: 'project.update',
    body: channelTestInput,
    responses: { 202: messageView },
  },
  {
    method: 'post',
    path: `${channels}/{channelId}/inbound-url`,
    operationId: 'issueMessagingInboundUrl',
    summary:
      "Make (or replace) the channel's inbound callback URL and register it with the provider where its API allows (SMS.ru callback/add, Telegram setWebhook). Replies such as STOP/СТОП put the sender on the DNC list; delivery reports arrive there too. The URL holds a secret and is answered this once. Audited.",
    tags,
    permission: 'project.update',
    responses: {
      201: z.object({ url: z.string(), registered: z.boolean(), error: z.string().optional() }),
    },
  },
  {
    method: 'post',
    path: '/messaging/inbound/{token}',
    operationId: 'receiveMessagingCallback',
    summary:
      "Called by the providers, not by you: SMS.ru's callback form (`data[n]` entries with its sha256 `hash`; answered `100`) or a Telegram Update (with the X-Telegram-Bot-Api-Secret-Token header). A STOP reply opts the sender out; repeated callbacks change nothing.",
    tags,
    permission: 'public',
    params: z.object({ token: z.string() }),
    // A Telegram Update; SMS.ru posts application/x-www-form-urlencoded `data[n]` and `hash` instead.
    body: telegramUpdate,
    responses: {
      200: { description: 'Accepted ("100" for SMS.ru, JSON for Telegram)' },
    },
    errors: { 403: 'The signature or secret header does not match', 404: 'No channel has this token' },
  },
  {
    method: 'get',
    path: templates,
    operationId: 'listMessageTemplates',
    summary: 'Templates per channel and language, each with a sample preview and its SMS segment count',
    tags,
    permission: 'campaigns.read',
    responses: { 200: z.object({ templates: z.array(templateView) }) },
  },
  {
    method: 'post',
    path: templates,
    operationId: 'createMessageTemplate',
    summary:
      'Add a template: `{{placeholders}}` from the call, contact and flow variables; declared variables have a type and may have a default. Audited.',
    tags,
    permission: 'campaigns.manage',
    body: templateInput,
    responses: { 201: templateView },
    errors: { 409: 'A template with this name and language exists on this channel' },
  },
  {
    method: 'get',
    path: `${templates}/{templateId}`,
    operationId: 'getMessageTemplate',
    summary: 'One template with its preview',
    tags,
    permission: 'campaigns.read',
    responses: { 200: templateView },
  },
  {
    method: 'patch',
    path: `${templates}/{templateId}`,
    operationId: 'updateMessageTemplate',
    summary: 'Change a template. Audited.',
    tags,
    permission: 'campaigns.manage',
    body: templateUpdateInput,
    responses: { 200: templateView },
  },
  {
    method: 'delete',
    path: `${templates}/{templateId}`,
    operationId: 'deleteMessageTemplate',
    summary: 'Remove a template. Audited.',
    tags,
    permission: 'campaigns.manage',
    responses: { 204: null },
  },
  {
    method: 'get',
    path: messages,
    operationId: 'listMessages',
    summary: 'The message log, newest first; filter by channel, status, recipient, call or campaign',
    tags,
    permission: 'campaigns.read',
    query: messagesQuery,
    responses: { 200: z.object({ messages: z.array(messageView) }) },
  },
  {
    method: 'post',
    path: messages,
    operationId: 'sendMessage',
    summary:
      "Queue a message (a template with variables, or a text). A missing template variable is refused (400 `template_variables_missing`) before anything is queued. An `Idempotency-Key` header or `idempotencyKey` field makes a repeat answer the first message (200) instead of sending again (202). DNC numbers are refused and quiet hours defer the send to the morning in the recipient's zone, at send time.",
    tags,
    permission: 'campaigns.manage',
    body: messageInput,
    responses: { 202: messageView, 200: messageView },
    errors: { 409: 'The channel is switched off or has no secret' },
  },
  {
    method: 'post',
    path: `${messages}/batch`,
    operationId: 'sendMessages',
    summary:
      'Queue up to 1,000 messages at once (one INSERT, one BullMQ addBulk), each checked as in sendMessage. A message whose idempotencyKey was seen answers the first one with `created: false`. A bad message refuses the whole batch, named by index (`messages.3.to`), before anything is queued.',
    tags,
    permission: 'campaigns.manage',
    body: messageBatchInput,
    responses: {
      202: z.object({ messages: z.array(messageView.extend({ created: z.boolean() })) }),
    },
    errors: { 409: 'A channel is switched off or has no secret' },
  },
  {
    method: 'get',
    path: `${messages}/{messageId}`,
    operationId: 'getMessage',
    summary: "One message: status, the provider's reason, attempts, timestamps",
    tags,
    permission: 'campaigns.read',
    responses: { 200: messageView },
  },
];
