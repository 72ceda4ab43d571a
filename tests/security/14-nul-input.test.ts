// Issue 14, item 14: a NUL byte in input answered 500 on many endpoints (Postgres refuses \u0000 in text and
// jsonb, and a lone surrogate in jsonb). The walk below sends such text in every string field of a valid body
// of every JSON API route, in every query parameter that reaches the database, and in the fields of the page
// forms; each must answer 400 naming the field, never 500. A new route with a body must join the walk.
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addMember,
  createCall,
  createKnowledgeBase,
  createKnowledgeSource,
  createProject,
  createUser,
} from '../support/factories';
import { bearerFor, callRoute, type RouteModule } from '../support/route-call';
import { authContext } from '~/.server/auth/auth-context.server';
import { db, disconnectDb } from '~/.server/db';
import { closeQueues } from '~/.server/queues';
import { closeTelephonyRedis } from '~/.server/telephony/telephony-bus.server';
import * as login from '~/routes/api.v1.auth.login';
import * as logout from '~/routes/api.v1.auth.logout';
import * as refresh from '~/routes/api.v1.auth.refresh';
import * as accept from '~/routes/api.v1.invitations.accept';
import * as projects from '~/routes/api.v1.projects';
import * as projectRoute from '~/routes/api.v1.projects.$projectId';
import * as templates from '~/routes/api.v1.projects.$projectId.agent-templates';
import * as agents from '~/routes/api.v1.projects.$projectId.agents';
import * as agent from '~/routes/api.v1.projects.$projectId.agents.$agentId';
import * as draft from '~/routes/api.v1.projects.$projectId.agents.$agentId.draft';
import * as publish from '~/routes/api.v1.projects.$projectId.agents.$agentId.publish';
import * as sessions from '~/routes/api.v1.projects.$projectId.agents.$agentId.test-sessions';
import * as turns from '~/routes/api.v1.projects.$projectId.agents.$agentId.test-sessions.$sessionId.turns';
import * as tickets from '~/routes/api.v1.projects.$projectId.agents.$agentId.voice-tickets';
import * as apiKeys from '~/routes/api.v1.projects.$projectId.api-keys';
import * as auditLog from '~/routes/api.v1.projects.$projectId.audit-log';
import * as auditCsv from '~/routes/api.v1.projects.$projectId.audit-log[.csv]';
import * as analysis from '~/routes/api.v1.projects.$projectId.call-analysis.$agentId';
import * as issue from '~/routes/api.v1.projects.$projectId.call-issues.$issueId';
import * as issues from '~/routes/api.v1.projects.$projectId.call-issues';
import * as callIssues from '~/routes/api.v1.projects.$projectId.calls.$callId.issues';
import * as callRoute_ from '~/routes/api.v1.projects.$projectId.calls.$callId';
import * as calls from '~/routes/api.v1.projects.$projectId.calls';
import * as callsCsv from '~/routes/api.v1.projects.$projectId.calls[.csv]';
import * as sources from '~/routes/api.v1.projects.$projectId.knowledge-bases.$knowledgeBaseId.sources';
import * as source from '~/routes/api.v1.projects.$projectId.knowledge-bases.$knowledgeBaseId.sources.$sourceId';
import * as kb from '~/routes/api.v1.projects.$projectId.knowledge-bases.$knowledgeBaseId';
import * as search from '~/routes/api.v1.projects.$projectId.knowledge-bases.search';
import * as kbs from '~/routes/api.v1.projects.$projectId.knowledge-bases';
import * as member from '~/routes/api.v1.projects.$projectId.members.$userId';
import * as members from '~/routes/api.v1.projects.$projectId.members';
import * as number from '~/routes/api.v1.projects.$projectId.phone-numbers.$phoneNumberId';
import * as numbers from '~/routes/api.v1.projects.$projectId.phone-numbers';
import * as connection from '~/routes/api.v1.projects.$projectId.sip-connections.$connectionId';
import * as connections from '~/routes/api.v1.projects.$projectId.sip-connections';
import * as testCalls from '~/routes/api.v1.projects.$projectId.test-calls';
import * as duplicateAgent from '~/routes/api.v1.projects.$projectId.agents.$agentId.duplicate';
import * as importAgent from '~/routes/api.v1.projects.$projectId.agents.import';
import * as consents from '~/routes/api.v1.projects.$projectId.consents';
import * as settings from '~/routes/api.v1.projects.$projectId.settings';
import { exportAgent } from '~/.server/agents/agent-copies.server';
import * as campaignContacts from '~/routes/api.v1.projects.$projectId.campaigns.$campaignId.contacts';
import * as campaign from '~/routes/api.v1.projects.$projectId.campaigns.$campaignId';
import * as campaigns from '~/routes/api.v1.projects.$projectId.campaigns';
import * as handoffQueues from '~/routes/api.v1.projects.$projectId.queues';
import * as handoffQueue from '~/routes/api.v1.projects.$projectId.queues.$queueId';
import * as presence from '~/routes/api.v1.projects.$projectId.operators.me.presence';
import * as handoffWrapUp from '~/routes/api.v1.projects.$projectId.handoffs.$handoffId.wrap-up';
import * as compliance from '~/routes/api.v1.projects.$projectId.compliance';
import * as crmActivity from '~/routes/api.v1.projects.$projectId.crm.activities.$activityId';
import * as crmActivities from '~/routes/api.v1.projects.$projectId.crm.activities';
import * as crmMerge from '~/routes/api.v1.projects.$projectId.crm.contacts.$contactId.merge';
import * as crmNotes from '~/routes/api.v1.projects.$projectId.crm.contacts.$contactId.notes';
import * as crmContact from '~/routes/api.v1.projects.$projectId.crm.contacts.$contactId';
import * as crmImport from '~/routes/api.v1.projects.$projectId.crm.contacts.import';
import * as crmContacts from '~/routes/api.v1.projects.$projectId.crm.contacts';
import * as crmDeal from '~/routes/api.v1.projects.$projectId.crm.deals.$dealId';
import * as crmDeals from '~/routes/api.v1.projects.$projectId.crm.deals';
import * as crmFields from '~/routes/api.v1.projects.$projectId.crm.fields';
import * as crmPipeline from '~/routes/api.v1.projects.$projectId.crm.pipelines.$pipelineId';
import * as crmPipelines from '~/routes/api.v1.projects.$projectId.crm.pipelines';
import * as dncImport from '~/routes/api.v1.projects.$projectId.dnc.import';
import * as dnc from '~/routes/api.v1.projects.$projectId.dnc';
import * as monitor from '~/routes/api.v1.projects.$projectId.monitor';
import * as monitorListen from '~/routes/api.v1.projects.$projectId.monitor.listen';
import * as provider from '~/routes/api.v1.projects.$projectId.providers.$providerId';
import * as providers from '~/routes/api.v1.projects.$projectId.providers';
import * as toolSettings from '~/routes/api.v1.projects.$projectId.tool-settings';
import * as toolTest from '~/routes/api.v1.projects.$projectId.tools.$toolId.[test]';
import * as tool from '~/routes/api.v1.projects.$projectId.tools.$toolId';
import * as tools from '~/routes/api.v1.projects.$projectId.tools';
import * as voicePreview from '~/routes/api.v1.projects.$projectId.voice-preview';
import * as webhook from '~/routes/api.v1.projects.$projectId.webhooks.$webhookId';
import * as webhooks from '~/routes/api.v1.projects.$projectId.webhooks';
import * as integrations from '~/routes/api.v1.projects.$projectId.integrations';
import * as bitrix24OAuth from '~/routes/api.v1.projects.$projectId.integrations.bitrix24-oauth';
import * as amoCrmOAuth from '~/routes/api.v1.projects.$projectId.integrations.amocrm-oauth';
import * as googleCalendarOAuth from '~/routes/api.v1.projects.$projectId.integrations.google-calendar-oauth';
import * as messagingChannels from '~/routes/api.v1.projects.$projectId.messaging-channels';
import * as messagingChannel from '~/routes/api.v1.projects.$projectId.messaging-channels.$channelId';
import * as channelTestMessage from '~/routes/api.v1.projects.$projectId.messaging-channels.$channelId.test-message';
import * as messageTemplates from '~/routes/api.v1.projects.$projectId.message-templates';
import * as messageTemplate from '~/routes/api.v1.projects.$projectId.message-templates.$templateId';
import * as messagesRoute from '~/routes/api.v1.projects.$projectId.messages';
import * as messagingInbound from '~/routes/api.v1.messaging.inbound.$token';
import * as messagesBatch from '~/routes/api.v1.projects.$projectId.messages.batch';
import { inboundTokenHash, newInboundToken } from '~/.server/messaging/inbound-token';
import * as agentsPage from '~/routes/p.$projectId.agents._index';
import * as apiKeysPage from '~/routes/p.$projectId.api-keys';
import * as inboxPage from '~/routes/p.$projectId.inbox';
import * as callPage from '~/routes/p.$projectId.inbox.$callId';
import * as issuesPage from '~/routes/p.$projectId.inbox.issues';
import * as auditPage from '~/routes/p.$projectId.audit';
import * as kbPage from '~/routes/p.$projectId.knowledge.$knowledgeBaseId';
import * as kbsPage from '~/routes/p.$projectId.knowledge._index';
import * as membersPage from '~/routes/p.$projectId.members';
import * as projectsPage from '~/routes/projects';
import * as invitePage from '~/routes/invite.$token';
import * as loginPage from '~/routes/login';

const BAD = ['nul\u0000byte', 'lone\uD800surrogate'];
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

let owner: Record<string, string>;
let projectId: string;
const ids: Record<string, string> = {};
let inviteToken: string;

interface BodyCase {
  /** The route file, so the walk can tell when a route with a body is missing. */
  file: string;
  mod: RouteModule;
  method: string;
  params?: () => Record<string, string>;
  body: () => Json;
  anonymous?: boolean;
  /** Headers of their own (a provider's callback carries its secret header instead of a user's token). */
  headers?: () => Record<string, string>;
}

const P = () => ({ projectId });
const cases: BodyCase[] = [
  {
    file: 'api.v1.auth.login.ts',
    mod: login,
    method: 'POST',
    anonymous: true,
    body: () => ({ email: 'a@b.co', password: 'pw' }),
  },
  { file: 'api.v1.auth.logout.ts', mod: logout, method: 'POST', body: () => ({ refreshToken: 'abc' }) },
  {
    file: 'api.v1.auth.refresh.ts',
    mod: refresh,
    method: 'POST',
    anonymous: true,
    body: () => ({ refreshToken: 'abc' }),
  },
  {
    file: 'api.v1.invitations.accept.ts',
    mod: accept,
    method: 'POST',
    anonymous: true,
    body: () => ({
      token: inviteToken,
      register: { name: 'New', email: 'new@b.co', password: 'long-password-1' },
    }),
  },
  { file: 'api.v1.projects.ts', mod: projects, method: 'POST', body: () => ({ name: 'Walk' }) },
  {
    file: 'api.v1.projects.$projectId.agents.ts',
    mod: agents,
    method: 'POST',
    params: P,
    body: () => ({
      name: 'Agent',
      language: 'en',
      voice: 'v',
      description: 'd',
      tags: ['t'],
      template: 'blank',
    }),
  },
  {
    file: 'api.v1.projects.$projectId.agents.$agentId.ts',
    mod: agent,
    method: 'PATCH',
    params: () => ({ projectId, agentId: ids.agent! }),
    body: () => ({ name: 'Agent', voice: 'v', description: 'd', tags: ['t'] }),
  },
  {
    file: 'api.v1.projects.$projectId.agents.$agentId.draft.ts',
    mod: draft,
    method: 'PUT',
    params: () => ({ projectId, agentId: ids.agent! }),
    body: () => ({ graph: JSON.parse(ids.graph!) as Json, revision: Number(ids.revision) }),
  },
  {
    file: 'api.v1.projects.$projectId.agents.$agentId.publish.ts',
    mod: publish,
    method: 'POST',
    params: () => ({ projectId, agentId: ids.agent! }),
    body: () => ({ note: 'first' }),
  },
  {
    file: 'api.v1.projects.$projectId.agents.$agentId.test-sessions.ts',
    mod: sessions,
    method: 'POST',
    params: () => ({ projectId, agentId: ids.agent! }),
    body: () => ({ versionId: ids.version! }),
  },
  {
    file: 'api.v1.projects.$projectId.agents.$agentId.test-sessions.$sessionId.turns.ts',
    mod: turns,
    method: 'POST',
    params: () => ({ projectId, agentId: ids.agent!, sessionId: ids.session! }),
    body: () => ({ text: 'hello' }),
  },
  {
    file: 'api.v1.projects.$projectId.agents.$agentId.voice-tickets.ts',
    mod: tickets,
    method: 'POST',
    params: () => ({ projectId, agentId: ids.agent! }),
    body: () => ({ versionId: ids.version! }),
  },
  {
    file: 'api.v1.projects.$projectId.api-keys.ts',
    mod: apiKeys,
    method: 'POST',
    params: P,
    body: () => ({ name: 'key', role: 'builder' }),
  },
  {
    file: 'api.v1.projects.$projectId.call-analysis.$agentId.ts',
    mod: analysis,
    method: 'PUT',
    params: () => ({ projectId, agentId: ids.agent! }),
    body: () => ({
      summary: true,
      fields: [{ key: 'k', label: 'Label', type: 'string', description: 'd', slot: 's' }],
    }),
  },
  {
    file: 'api.v1.projects.$projectId.call-issues.$issueId.ts',
    mod: issue,
    method: 'PATCH',
    params: () => ({ projectId, issueId: ids.issue! }),
    body: () => ({ status: 'open', comment: 'c' }),
  },
  {
    file: 'api.v1.projects.$projectId.calls.$callId.issues.ts',
    mod: callIssues,
    method: 'POST',
    params: () => ({ projectId, callId: ids.call! }),
    body: () => ({ turnId: ids.turn!, reason: 'wrong_answer', comment: 'c' }),
  },
  {
    file: 'api.v1.projects.$projectId.calls.$callId.ts',
    mod: callRoute_,
    method: 'PATCH',
    params: () => ({ projectId, callId: ids.call! }),
    body: () => ({ tags: ['vip'] }),
  },
  {
    file: 'api.v1.projects.$projectId.knowledge-bases.ts',
    mod: kbs,
    method: 'POST',
    params: P,
    body: () => ({ name: 'KB', description: 'd' }),
  },
  {
    file: 'api.v1.projects.$projectId.knowledge-bases.search.ts',
    mod: search,
    method: 'POST',
    params: P,
    body: () => ({ query: 'price' }),
  },
  {
    file: 'api.v1.projects.$projectId.knowledge-bases.$knowledgeBaseId.sources.ts',
    mod: sources,
    method: 'POST',
    params: () => ({ projectId, knowledgeBaseId: ids.kb! }),
    body: () => ({ kind: 'qa', question: 'Opening hours?', answer: 'Nine to five' }),
  },
  {
    file: 'api.v1.projects.$projectId.knowledge-bases.$knowledgeBaseId.ts',
    mod: kb,
    method: 'PATCH',
    params: () => ({ projectId, knowledgeBaseId: ids.kb! }),
    body: () => ({ name: 'Docs', description: 'd' }),
  },
  {
    file: 'api.v1.projects.$projectId.knowledge-bases.$knowledgeBaseId.sources.$sourceId.ts',
    mod: source,
    method: 'PATCH',
    params: () => ({ projectId, knowledgeBaseId: ids.kb!, sourceId: ids.qa! }),
    body: () => ({ question: 'Opening hours?', answer: 'Nine to five' }),
  },
  {
    file: 'api.v1.projects.$projectId.members.ts',
    mod: members,
    method: 'POST',
    params: P,
    body: () => ({ role: 'builder', email: 'invitee@b.co' }),
  },
  {
    file: 'api.v1.projects.$projectId.members.$userId.ts',
    mod: member,
    method: 'PATCH',
    params: () => ({ projectId, userId: ids.member! }),
    body: () => ({ role: 'analyst' }),
  },
  {
    file: 'api.v1.projects.$projectId.phone-numbers.ts',
    mod: numbers,
    method: 'POST',
    params: P,
    body: () => ({
      address: '+74951230000',
      label: 'Main',
      afterHoursMessage: 'Closed',
      outboundCallerId: '',
    }),
  },
  {
    file: 'api.v1.projects.$projectId.phone-numbers.$phoneNumberId.ts',
    mod: number,
    method: 'PATCH',
    params: () => ({ projectId, phoneNumberId: ids.number! }),
    body: () => ({ label: 'Main', afterHoursMessage: 'Closed' }),
  },
  {
    file: 'api.v1.projects.$projectId.sip-connections.ts',
    mod: connections,
    method: 'POST',
    params: P,
    body: () => ({
      name: 'Trunk',
      provider: 'generic',
      host: 'sip.example.com',
      username: 'u1',
      authUsername: 'a1',
      password: 'secret-pass',
      callerIdRules: { defaultCallerId: '', format: 'e164' },
    }),
  },
  {
    file: 'api.v1.projects.$projectId.sip-connections.$connectionId.ts',
    mod: connection,
    method: 'PATCH',
    params: () => ({ projectId, connectionId: ids.connection! }),
    body: () => ({ name: 'Trunk 2', username: 'u2', password: 'other-pass' }),
  },
  {
    // Last: its valid body deletes a project of its own.
    file: 'api.v1.projects.$projectId.ts',
    mod: projectRoute,
    method: 'DELETE',
    params: () => ({ projectId: ids.doomed! }),
    body: () => ({ name: 'Doomed' }),
  },
  {
    file: 'api.v1.projects.$projectId.test-calls.ts',
    mod: testCalls,
    method: 'POST',
    params: P,
    body: () => ({ connectionId: ids.connection!, agentId: ids.agent!, to: '100', callerId: '' }),
  },
  // Campaigns, CRM, compliance, monitor, providers, tools, webhooks (the routes added after issue 14).
  {
    file: 'api.v1.projects.$projectId.campaigns.ts',
    mod: campaigns,
    method: 'POST',
    params: P,
    body: () => ({
      name: 'Reminder',
      agentId: ids.agent!,
      connectionId: ids.connection!,
      callerId: '',
      schedule: { from: '10:00', to: '19:00', defaultTimezone: 'Europe/Moscow' },
      doneCriteria: { field: 'confirmed', equals: 'yes' },
      machineAction: 'hangup',
      purpose: 'Visit reminder',
    }),
  },
  // Handoff to people (issue 20).
  {
    file: 'api.v1.projects.$projectId.queues.ts',
    mod: handoffQueues,
    method: 'POST',
    params: P,
    body: () => ({
      name: 'Support',
      languages: ['ru'],
      topics: ['billing'],
      afterWait: 'node',
      afterWaitNodeId: 'menu',
      afterWaitMessage: 'Все операторы заняты',
    }),
  },
  {
    file: 'api.v1.projects.$projectId.queues.$queueId.ts',
    mod: handoffQueue,
    method: 'PATCH',
    params: () => ({ projectId, queueId: ids.queue! }),
    body: () => ({ name: 'Sales 2', topics: ['sales'], afterWaitMessage: 'Перезвоним' }),
  },
  {
    file: 'api.v1.projects.$projectId.operators.me.presence.ts',
    mod: presence,
    method: 'PUT',
    params: P,
    body: () => ({ status: 'away', languages: ['ru'], topics: ['billing'] }),
  },
  {
    file: 'api.v1.projects.$projectId.handoffs.$handoffId.wrap-up.ts',
    mod: handoffWrapUp,
    method: 'POST',
    params: () => ({ projectId, handoffId: '00000000-0000-7000-8000-000000000000' }),
    body: () => ({ disposition: 'resolved', note: 'Перезвонить завтра' }),
  },
  {
    file: 'api.v1.projects.$projectId.campaigns.$campaignId.ts',
    mod: campaign,
    method: 'PATCH',
    params: () => ({ projectId, campaignId: ids.campaign! }),
    body: () => ({ name: 'Reminder 2', purpose: 'Visit reminder' }),
  },
  {
    file: 'api.v1.projects.$projectId.campaigns.$campaignId.contacts.ts',
    mod: campaignContacts,
    method: 'POST',
    params: () => ({ projectId, campaignId: ids.campaign! }),
    body: () => ({ csv: 'phone,name\n+79123456780,Ivan\n', dryRun: true }),
  },
  {
    file: 'api.v1.projects.$projectId.compliance.ts',
    mod: compliance,
    method: 'PUT',
    params: P,
    body: () => ({ preset: 'custom', quietHours: { weekday: { from: '09:00', to: '21:00' } }, capDay: 3 }),
  },
  {
    file: 'api.v1.projects.$projectId.crm.contacts.ts',
    mod: crmContacts,
    method: 'POST',
    params: P,
    body: () => ({
      name: 'Ivan',
      company: 'Acme',
      phones: ['+79123450000'],
      emails: ['ivan@acme.ru'],
      tags: ['vip'],
    }),
  },
  {
    file: 'api.v1.projects.$projectId.crm.contacts.$contactId.ts',
    mod: crmContact,
    method: 'PATCH',
    params: () => ({ projectId, contactId: ids.contact! }),
    body: () => ({ name: 'Ivan P', company: 'Acme', tags: ['vip'] }),
  },
  {
    file: 'api.v1.projects.$projectId.crm.contacts.$contactId.notes.ts',
    mod: crmNotes,
    method: 'POST',
    params: () => ({ projectId, contactId: ids.contact! }),
    body: () => ({ body: 'Asked for a call back' }),
  },
  {
    file: 'api.v1.projects.$projectId.crm.contacts.$contactId.merge.ts',
    mod: crmMerge,
    method: 'POST',
    params: () => ({ projectId, contactId: ids.contact! }),
    body: () => ({ duplicateIds: [ids.duplicate!] }),
  },
  {
    file: 'api.v1.projects.$projectId.crm.contacts.import.ts',
    mod: crmImport,
    method: 'POST',
    params: P,
    body: () => ({
      csv: 'Name,Phone\nPetr,+79123450001\n',
      mapping: { Name: 'name', Phone: 'phone' },
      tags: ['imported'],
    }),
  },
  {
    file: 'api.v1.projects.$projectId.crm.deals.ts',
    mod: crmDeals,
    method: 'POST',
    params: P,
    body: () => ({ title: 'Deal', contactId: ids.contact!, currency: 'RUB', closeDate: '2026-12-31' }),
  },
  {
    file: 'api.v1.projects.$projectId.crm.deals.$dealId.ts',
    mod: crmDeal,
    method: 'PATCH',
    params: () => ({ projectId, dealId: ids.deal! }),
    body: () => ({ title: 'Deal 2', currency: 'USD' }),
  },
  {
    file: 'api.v1.projects.$projectId.crm.pipelines.ts',
    mod: crmPipelines,
    method: 'POST',
    params: P,
    body: () => ({
      name: 'Partners',
      stages: [
        { name: 'New', kind: 'open' },
        { name: 'Signed', kind: 'won' },
      ],
    }),
  },
  {
    file: 'api.v1.projects.$projectId.crm.pipelines.$pipelineId.ts',
    mod: crmPipeline,
    method: 'PATCH',
    params: () => ({ projectId, pipelineId: ids.pipeline! }),
    body: () => ({ name: 'Resellers', stages: [{ id: ids.stage!, name: 'First', kind: 'open' }] }),
  },
  {
    file: 'api.v1.projects.$projectId.crm.activities.ts',
    mod: crmActivities,
    method: 'POST',
    params: P,
    body: () => ({
      type: 'task',
      contactId: ids.contact!,
      title: 'Call back',
      body: 'About the order',
      dueAt: '2026-12-10T10:00:00+03:00',
    }),
  },
  {
    file: 'api.v1.projects.$projectId.crm.activities.$activityId.ts',
    mod: crmActivity,
    method: 'PATCH',
    params: () => ({ projectId, activityId: ids.activity! }),
    body: () => ({ title: 'Call back', body: 'Tomorrow' }),
  },
  {
    file: 'api.v1.projects.$projectId.crm.fields.ts',
    mod: crmFields,
    method: 'POST',
    params: P,
    body: () => ({ entity: 'contact', key: 'region', label: 'Region', type: 'select', options: ['North'] }),
  },
  {
    file: 'api.v1.projects.$projectId.dnc.ts',
    mod: dnc,
    method: 'POST',
    params: P,
    body: () => ({ phone: '+79123450002', reason: 'asked not to call' }),
  },
  {
    file: 'api.v1.projects.$projectId.dnc.import.ts',
    mod: dncImport,
    method: 'POST',
    params: P,
    body: () => ({ phones: ['+79123450003'], reason: 'list' }),
  },
  {
    file: 'api.v1.projects.$projectId.monitor.ts',
    mod: monitor,
    method: 'PUT',
    params: P,
    body: () => ({
      rules: { silenceSeconds: 20, repeatedFallbacks: 3, keywords: ['manager'], waitingSeconds: 60 },
      sound: true,
    }),
  },
  {
    file: 'api.v1.projects.$projectId.monitor.listen.ts',
    mod: monitorListen,
    method: 'POST',
    params: P,
    body: () => ({ callId: 'sip-call-1@127.0.0.1' }),
  },
  {
    file: 'api.v1.projects.$projectId.providers.ts',
    mod: providers,
    method: 'POST',
    params: P,
    body: () => ({
      name: 'OpenAI 2',
      provider: 'openai',
      apiKey: 'sk-walk-2',
      settings: { model: 'gpt-4o-mini' },
    }),
  },
  {
    file: 'api.v1.projects.$projectId.providers.$providerId.ts',
    mod: provider,
    method: 'PATCH',
    params: () => ({ projectId, providerId: ids.provider! }),
    body: () => ({ name: 'OpenAI main', apiKey: 'sk-walk-3', settings: { model: 'gpt-4o' } }),
  },
  {
    file: 'api.v1.projects.$projectId.tool-settings.ts',
    mod: toolSettings,
    method: 'PUT',
    params: P,
    body: () => ({ allowHosts: ['crm.internal'], timeZone: 'Europe/Moscow' }),
  },
  {
    file: 'api.v1.projects.$projectId.tools.ts',
    mod: tools,
    method: 'POST',
    params: P,
    body: () => ({
      name: 'order_status',
      description: 'Order status',
      method: 'POST',
      url: 'http://127.0.0.1:9/orders/{{args.orderId}}',
      headers: { 'X-Trace': 'walk' },
      body: '{"id":"{{args.orderId}}"}',
      responseMapping: { status: 'order.status' },
      auth: { kind: 'api_key', header: 'X-Api-Key', secret: 'walk-secret' },
    }),
  },
  {
    file: 'api.v1.projects.$projectId.tools.$toolId.ts',
    mod: tool,
    method: 'PATCH',
    params: () => ({ projectId, toolId: ids.tool! }),
    body: () => ({ description: 'Order lookup', url: 'http://127.0.0.1:9/orders/{{args.orderId}}' }),
  },
  {
    file: 'api.v1.projects.$projectId.tools.$toolId.[test].ts',
    mod: toolTest,
    method: 'POST',
    params: () => ({ projectId, toolId: ids.tool! }),
    body: () => ({ args: { orderId: 'A-42' } }),
  },
  {
    // Its valid body waits for a media server (none in tests) and answers 503: the bad ones must be
    // refused before any of that.
    file: 'api.v1.projects.$projectId.voice-preview.ts',
    mod: voicePreview,
    method: 'POST',
    params: P,
    body: () => ({ providerId: 'embedded', voice: 'anna', language: 'ru', text: 'Здравствуйте' }),
  },
  {
    file: 'api.v1.projects.$projectId.webhooks.ts',
    mod: webhooks,
    method: 'POST',
    params: P,
    body: () => ({ url: 'https://93.184.216.34/hook', description: 'CRM', eventTypes: ['call.ended'] }),
  },
  {
    // A public portal address: creating checks it, and makes no request.
    file: 'api.v1.projects.$projectId.integrations.ts',
    mod: integrations,
    method: 'POST',
    params: P,
    body: () => ({
      provider: 'bitrix24',
      name: 'Bitrix24',
      webhookUrl: 'https://93.184.216.34/rest/1/abc123/',
    }),
  },
  {
    // A public portal: starting OAuth checks the address and seals the app's secret, and makes no request.
    file: 'api.v1.projects.$projectId.integrations.bitrix24-oauth.ts',
    mod: bitrix24OAuth,
    method: 'POST',
    params: P,
    body: () => ({
      name: 'Bitrix24',
      portalUrl: 'https://93.184.216.34',
      clientId: 'local.abc',
      clientSecret: 'secret',
    }),
  },
  {
    // A public account: starting OAuth checks the address and seals the secret key, and makes no request.
    file: 'api.v1.projects.$projectId.integrations.google-calendar-oauth.ts',
    mod: googleCalendarOAuth,
    method: 'POST',
    params: P,
    body: () => ({ name: 'Calendar', clientId: 'client.apps.googleusercontent.com', clientSecret: 'secret' }),
  },
  {
    file: 'api.v1.projects.$projectId.integrations.amocrm-oauth.ts',
    mod: amoCrmOAuth,
    method: 'POST',
    params: P,
    body: () => ({
      name: 'amoCRM',
      accountUrl: 'https://93.184.216.34',
      clientId: '6f1a0c2e-0000-4000-8000-000000000001',
      clientSecret: 'secret',
    }),
  },
  {
    file: 'api.v1.projects.$projectId.agents.$agentId.duplicate.ts',
    mod: duplicateAgent,
    method: 'POST',
    params: () => ({ projectId, agentId: ids.agent! }),
    body: () => ({ suffix: '(copy)' }),
  },
  {
    // An exported agent file: every string of its flow is walked too.
    file: 'api.v1.projects.$projectId.agents.import.ts',
    mod: importAgent,
    method: 'POST',
    params: P,
    body: () => JSON.parse(ids.export!) as Json,
  },
  {
    file: 'api.v1.projects.$projectId.consents.ts',
    mod: consents,
    method: 'POST',
    params: P,
    body: () => ({
      phone: '+79123450004',
      channel: 'voice',
      source: 'https://example.com/form',
      textVersion: 'v1',
      grantedAt: '2026-12-01T10:00:00Z',
    }),
  },
  {
    file: 'api.v1.projects.$projectId.settings.ts',
    mod: settings,
    method: 'PATCH',
    params: P,
    body: () => ({ name: 'NUL walk', timeZone: 'Europe/Moscow', defaultLanguage: 'en' }),
  },
  {
    file: 'api.v1.projects.$projectId.webhooks.$webhookId.ts',
    mod: webhook,
    method: 'PATCH',
    params: () => ({ projectId, webhookId: ids.webhook! }),
    body: () => ({ url: 'https://93.184.216.34/hook2', description: 'CRM 2' }),
  },
  // Messaging (issue 22).
  {
    file: 'api.v1.projects.$projectId.messaging-channels.ts',
    mod: messagingChannels,
    method: 'POST',
    params: P,
    body: () => ({ name: 'SMS', kind: 'smsru', settings: { from: 'Clinic' }, secret: 'api-id-walk' }),
  },
  {
    file: 'api.v1.projects.$projectId.messaging-channels.ts',
    mod: messagingChannels,
    method: 'POST',
    params: P,
    body: () => ({
      name: 'Mail',
      kind: 'smtp',
      settings: {
        host: '93.184.216.34',
        port: 587,
        tls: 'starttls',
        user: 'desk',
        from: 'Desk <desk@clinic.test>',
      },
      secret: 'smtp-walk',
    }),
  },
  {
    file: 'api.v1.projects.$projectId.messaging-channels.$channelId.ts',
    mod: messagingChannel,
    method: 'PATCH',
    params: () => ({ projectId, channelId: ids.channel! }),
    body: () => ({ name: 'SMS 2', settings: { from: 'Shop' }, secret: 'api-id-walk-2' }),
  },
  {
    file: 'api.v1.projects.$projectId.messaging-channels.$channelId.test-message.ts',
    mod: channelTestMessage,
    method: 'POST',
    params: () => ({ projectId, channelId: ids.channel! }),
    body: () => ({ to: '+79123450020', text: 'Проверка' }),
  },
  {
    file: 'api.v1.projects.$projectId.message-templates.ts',
    mod: messageTemplates,
    method: 'POST',
    params: P,
    body: () => ({
      channelId: ids.channel!,
      name: `Booking ${crypto.randomUUID().slice(0, 6)}`,
      language: 'ru',
      body: 'Вы записаны на {{time}}',
      variables: [{ name: 'time', type: 'string', default: '10:00' }],
    }),
  },
  {
    file: 'api.v1.projects.$projectId.message-templates.$templateId.ts',
    mod: messageTemplate,
    method: 'PATCH',
    params: () => ({ projectId, templateId: ids.template! }),
    body: () => ({ body: 'Ждём вас в {{time}}', subject: 'Запись' }),
  },
  {
    file: 'api.v1.projects.$projectId.messages.ts',
    mod: messagesRoute,
    method: 'POST',
    params: P,
    body: () => ({
      channelId: ids.channel!,
      to: '+79123450021',
      templateId: ids.template!,
      variables: { time: '15:00' },
    }),
  },
  {
    file: 'api.v1.projects.$projectId.messages.batch.ts',
    mod: messagesBatch,
    method: 'POST',
    params: P,
    body: () => ({
      messages: [
        {
          channelId: ids.channel!,
          to: '+79123450022',
          text: 'Напоминание',
          idempotencyKey: crypto.randomUUID(),
        },
      ],
    }),
  },
  {
    // A Telegram Update delivered to a bot channel's callback URL (public; the secret header authenticates).
    file: 'api.v1.messaging.inbound.$token.ts',
    mod: messagingInbound,
    method: 'POST',
    anonymous: true,
    params: () => ({ token: ids.inboundToken! }),
    headers: () => ({ 'x-telegram-bot-api-secret-token': ids.inboundToken! }),
    body: () => ({ update_id: 77, message: { message_id: 1, chat: { id: 4242 }, text: 'Спасибо' } }),
  },
];

/** Every string in a JSON value (and every object key), by path. */
function stringPaths(value: Json, path: string[] = []): Array<{ path: string[]; key: boolean }> {
  if (typeof value === 'string') return [{ path, key: false }];
  if (Array.isArray(value)) return value.flatMap((v, i) => stringPaths(v, [...path, String(i)]));
  if (value && typeof value === 'object')
    return Object.entries(value).flatMap(([k, v]) => [
      ...(path.length > 0 ? [] : [{ path: [...path, k], key: true }]),
      ...stringPaths(v, [...path, k]),
    ]);
  return [];
}

function spoil(value: Json, path: string[], bad: string, key: boolean): Json {
  const copy = structuredClone(value);
  let at = copy as Record<string, Json>;
  for (const step of path.slice(0, -1)) at = at[step] as Record<string, Json>;
  const last = path.at(-1)!;
  if (key) {
    at[`${last}${bad}`] = at[last]!;
    delete at[last];
  } else at[last] = `${at[last] as string}${bad}`;
  return copy;
}

async function answer(res: Response) {
  const text = await res.text();
  type ErrorJson = { error?: { fields?: Record<string, string[]> } };
  let json: ErrorJson | null = null;
  try {
    json = JSON.parse(text) as ErrorJson;
  } catch {
    // a page answers HTML or plain text
  }
  return { status: res.status, json, text };
}

async function formCall(mod: RouteModule, params: Record<string, string>, form: Record<string, string>) {
  const request = new Request('http://localhost/x', {
    method: 'POST',
    headers: { ...owner, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form),
  });
  try {
    const out = await mod.action!({ request, params, context: {} });
    if (out instanceof Response) return out;
    // Remix's data(): the payload with its status.
    const shaped = out as { type?: string; data?: unknown; init?: { status?: number } };
    if (shaped.type === 'DataWithResponseInit')
      return Response.json(shaped.data, { status: shaped.init?.status ?? 200 });
    return Response.json(out);
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

/** A multipart request (the browser's file upload) to a route's action. */
async function formCallMultipart(mod: RouteModule, params: Record<string, string>, form: FormData) {
  const request = new Request('http://localhost/api/v1/x', { method: 'POST', headers: owner, body: form });
  try {
    return (await mod.action!({ request, params, context: {} })) as Response;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

beforeAll(async () => {
  const user = await createUser(db());
  const other = await createUser(db());
  projectId = (await createProject(db(), 'NUL walk')).id;
  await addMember(db(), projectId, user.id, 'owner');
  await addMember(db(), projectId, other.id, 'builder');
  ids.member = other.id;
  ids.doomed = (await createProject(db(), 'Doomed')).id;
  await addMember(db(), ids.doomed, user.id, 'owner');
  owner = await bearerFor(user.id);
  const created = await callRoute(agents, {
    method: 'POST',
    path: '/x',
    params: { projectId },
    headers: owner,
    body: { name: 'Receptionist', language: 'en', template: 'blank' },
  });
  ids.agent = ((await created.json()) as { id: string }).id;
  const row = await db().agent.findUniqueOrThrow({ where: { id: ids.agent } });
  ids.graph = JSON.stringify(row.draftGraph);
  ids.revision = String(row.draftRevision);
  const published = await callRoute(publish, {
    method: 'POST',
    path: '/x',
    params: { projectId, agentId: ids.agent },
    headers: owner,
    body: { note: 'v1', confirmWarnings: true },
  });
  expect(published.status).toBeLessThan(300);
  ids.version = (await db().agentVersion.findFirstOrThrow({ where: { agentId: ids.agent } })).id;
  const session = await callRoute(sessions, {
    method: 'POST',
    path: '/x',
    params: { projectId, agentId: ids.agent },
    headers: owner,
    body: {},
  });
  ids.session = ((await session.json()) as { session: { id: string } }).session.id;
  const callRow = await createCall(db(), projectId, {
    externalId: 'nul-walk',
    direction: 'inbound',
    startedAt: new Date(),
    status: 'ended',
  });
  ids.call = callRow.id;
  ids.turn = (
    await db().callTurn.create({
      data: { projectId, callId: callRow.id, seq: 1, turnIndex: 0, speaker: 'agent', text: 'Hello' },
    })
  ).id;
  ids.issue = (
    await db().callIssue.create({ data: { projectId, callId: callRow.id, reason: 'wrong_answer' } })
  ).id;
  ids.kb = (await createKnowledgeBase(db(), projectId, 'Docs')).id;
  ids.qa = (
    await createKnowledgeSource(db(), { id: ids.kb, projectId }, { question: 'Hours?', answer: 'Nine' })
  ).id;
  ids.connection = (
    await db().sipConnection.create({
      data: { projectId, name: 'Existing', provider: 'generic', host: 'sip.example.com', authMode: 'ip' },
    })
  ).id;
  ids.number = (await db().phoneNumber.create({ data: { projectId, address: '+74951239999' } })).id;
  const invite = await callRoute(members, {
    method: 'POST',
    path: '/x',
    params: { projectId },
    headers: owner,
    body: { role: 'analyst' },
  });
  inviteToken = ((await invite.json()) as { token: string }).token;

  // What the newer routes' params name, made through the routes themselves.
  const make = async (mod: RouteModule, params: Record<string, string>, body: Json) => {
    const res = await callRoute(mod, {
      method: 'POST',
      path: '/x',
      params: { projectId, ...params },
      headers: owner,
      body,
    });
    const text = await res.text();
    expect(`${res.status} ${text}`).toMatch(/^20[01] /);
    return JSON.parse(text) as Record<string, { id: string } & Record<string, unknown>> & { id: string };
  };
  ids.export = JSON.stringify(await exportAgent(projectId, ids.agent));
  ids.campaign = (
    await make(campaigns, {}, { name: 'Existing', agentId: ids.agent, connectionId: ids.connection })
  ).id;
  ids.queue = (await make(handoffQueues, {}, { name: 'Sales' })).id;
  ids.contact = (await make(crmContacts, {}, { name: 'Anna', phones: ['+79123450010'] })).contact!.id;
  ids.duplicate = (await make(crmContacts, {}, { name: 'Anna D', phones: ['+79123450011'] })).contact!.id;
  ids.deal = (await make(crmDeals, {}, { title: 'Existing deal' })).deal!.id;
  const pipeline = (await make(crmPipelines, {}, { name: 'Resellers', stages: [{ name: 'New' }] })).pipeline!;
  ids.pipeline = pipeline.id;
  ids.stage = (pipeline.stages as Array<{ id: string }>)[0]!.id;
  ids.activity = (
    await make(crmActivities, {}, { type: 'task', contactId: ids.contact, title: 'Existing task' })
  ).activity!.id;
  ids.provider = (await make(providers, {}, { name: 'OpenAI', provider: 'openai', apiKey: 'sk-walk-1' })).id;
  ids.tool = (
    await make(
      tools,
      {},
      {
        name: 'lookup',
        url: 'http://127.0.0.1:9/orders/{{args.orderId}}',
        parameters: { type: 'object', properties: { orderId: { type: 'string' } }, required: ['orderId'] },
      },
    )
  ).id;
  ids.webhook = (
    await make(webhooks, {}, { url: 'https://93.184.216.34/existing', eventTypes: ['call.ended'] })
  ).webhook!.id;
  ids.channel = (await make(messagingChannels, {}, { name: 'SMS', kind: 'smsru', secret: 'api-id-0' })).id;
  ids.template = (
    await make(messageTemplates, {}, { channelId: ids.channel, name: 'Existing', body: 'Запись на {{time}}' })
  ).id;
  ids.inboundToken = newInboundToken();
  await db().messagingChannel.create({
    data: { projectId, name: 'Bot', kind: 'telegram', inboundTokenHash: inboundTokenHash(ids.inboundToken) },
  });
});
afterAll(async () => {
  await closeQueues();
  await closeTelephonyRedis();
  await authContext().redis.quit();
  await disconnectDb();
});

describe('text Postgres cannot store is refused with 400 at the boundary', () => {
  it('every API route that reads a JSON body is in the walk', () => {
    const dir = resolve(import.meta.dirname, '../../app/routes');
    const withBody = readdirSync(dir).filter(
      (f) =>
        f.startsWith('api.v1.') &&
        !f.includes('.test.') &&
        /\b(parseJsonBody|jsonBody)\(/.test(readFileSync(resolve(dir, f), 'utf8')),
    );
    expect(withBody.sort()).toEqual([...new Set(cases.map((c) => c.file))].sort());
  });

  it.each(cases.map((c) => [c.file, c] as const))(
    '%s: every string field',
    async (_file, c) => {
      const valid = c.body();
      const paths = stringPaths(valid);
      expect(paths.length).toBeGreaterThan(0);
      const failures: string[] = [];
      for (const { path, key } of paths) {
        for (const bad of BAD) {
          const res = await answer(
            await callRoute(c.mod, {
              method: c.method,
              path: '/api/v1/x',
              params: c.params?.() ?? {},
              headers: c.headers?.() ?? (c.anonymous ? {} : owner),
              body: spoil(valid, path, bad, key),
            }),
          );
          const field = key ? `${path.join('.')}${bad}` : path.join('.');
          if (res.status !== 400 || !res.json?.error?.fields?.[field])
            failures.push(
              `${JSON.stringify(bad)} in ${key ? 'key' : 'value'} ${path.join('.')}: ${res.status} ${res.text.slice(0, 160)}`,
            );
        }
      }
      expect(failures).toEqual([]);
      // The same body without the bad text is accepted (or refused for a reason of its own, never 500):
      // so the 400s above are about the text and nothing else.
      const ok = await callRoute(c.mod, {
        method: c.method,
        path: '/api/v1/x',
        params: c.params?.() ?? {},
        headers: c.headers?.() ?? (c.anonymous ? {} : owner),
        body: valid,
      });
      expect(ok.status === 400 || ok.status >= 500 ? `${ok.status} ${await ok.text()}` : 'ok').toMatch(
        /^ok$|^503 .*media server/,
      );
    },
    60_000,
  );

  it('a list uploaded as a file (multipart): its text, its name and the other fields', async () => {
    const upload = async (csv: string, fields: Record<string, string>, fileName = 'list.csv') => {
      const form = new FormData();
      form.set('file', new File([csv], fileName, { type: 'text/csv' }));
      for (const [k, v] of Object.entries(fields)) form.set(k, v);
      return answer(
        await formCallMultipart(campaignContacts, { projectId, campaignId: ids.campaign! }, form),
      );
    };
    const csv = 'phone,name\n+79123456781,Ivan\n';
    // A multipart body is UTF-8: a lone surrogate arrives as U+FFFD, so only NUL is tried here.
    const bad = BAD[0]!;
    const failures: string[] = [];
    for (const [field, res] of [
      ['file', await upload(`phone,name\n+79123456781,Iv${bad}an\n`, { dryRun: 'false' })],
      ['file', await upload(csv, { dryRun: 'true' }, `li${bad}st.csv`)],
      ['mapping', await upload(csv, { mapping: `{"phone":"phone${bad}"}` })],
      // Escaped inside the JSON of the field, it is a column the list does not have: still a 400.
      ['mapping.phone', await upload(csv, { mapping: JSON.stringify({ phone: `phone${bad}` }) })],
      ['dryRun', await upload(csv, { dryRun: `true${bad}` })],
    ] as const) {
      if (res.status !== 400 || !res.json?.error?.fields?.[field])
        failures.push(`NUL in ${field}: ${res.status} ${res.text.slice(0, 160)}`);
    }
    expect(failures).toEqual([]);
    expect((await upload(csv, { dryRun: 'true' })).status).toBe(200);
  });

  it.each([
    ['calls', calls, ['number', 'caller', 'disposition', 'q', 'tag']],
    ['calls.csv', callsCsv, ['number', 'caller', 'disposition', 'q', 'tag']],
    ['audit-log', auditLog, ['action']],
    ['audit-log.csv', auditCsv, ['action']],
    ['call-issues', issues, ['status']],
    ['agent-templates', templates, ['language']],
  ] as const)('query parameters of %s', async (_name, mod, names) => {
    // A URL cannot carry a lone surrogate (it arrives as U+FFFD), so only NUL is tried here.
    for (const name of names) {
      for (const bad of [BAD[0]!]) {
        const qs = new URLSearchParams({ [name]: `x${bad}` });
        const res = await answer(
          await callRoute(mod, {
            method: 'GET',
            path: `/api/v1/x?${qs}`,
            params: { projectId },
            headers: owner,
          }),
        );
        expect(`${name} ${res.status}`).toBe(`${name} 400`);
      }
    }
  });

  it('query parameters of pages', async () => {
    for (const [mod, qs] of [
      [inboxPage, 'q=a%00b'],
      [inboxPage, 'number=a%00b'],
      [auditPage, 'action=a%00b'],
    ] as const) {
      const res = await callRoute(mod, {
        method: 'GET',
        path: `/p/x?${qs}`,
        params: { projectId },
        headers: owner,
      });
      expect(`${qs} ${res.status}`).toBe(`${qs} 400`);
    }
  });

  it('page forms', async () => {
    const forms: Array<[RouteModule, Record<string, string>, Record<string, string>]> = [
      [projectsPage, {}, { name: 'Walk page' }],
      [kbsPage, { projectId }, { name: 'KB page', description: 'd' }],
      [
        kbPage,
        { projectId, knowledgeBaseId: ids.kb! },
        { intent: 'qa', question: 'Parking?', answer: 'Yes' },
      ],
      [membersPage, { projectId }, { intent: 'invite', role: 'builder', email: 'x@b.co' }],
      [apiKeysPage, { projectId }, { intent: 'create', name: 'key', role: 'builder' }],
      [inboxPage, { projectId }, { name: 'My view', query: 'q=x' }],
      [callPage, { projectId, callId: ids.call! }, { intent: 'tags', tags: '["vip"]' }],
      [agentsPage, { projectId }, { name: 'Agent page', language: 'en', template: 'blank' }],
      [invitePage, { token: inviteToken }, { name: 'New', email: 'n2@b.co', password: 'long-password-1' }],
      [loginPage, {}, { email: 'a@b.co', password: 'pw' }],
    ];
    const failures: string[] = [];
    for (const [mod, params, form] of forms) {
      for (const name of Object.keys(form)) {
        // A form body is UTF-8 text: a lone surrogate arrives as U+FFFD, so only NUL is tried here.
        for (const bad of [BAD[0]!]) {
          const res = await answer(await formCall(mod, params, { ...form, [name]: `${form[name]}${bad}` }));
          if (res.status !== 400)
            failures.push(`${name}=${JSON.stringify(bad)}: ${res.status} ${res.text.slice(0, 120)}`);
        }
      }
    }
    // A JSON list inside a form field is text too: an escaped NUL in it must not reach the database.
    const escaped = await formCall(
      callPage,
      { projectId, callId: ids.call! },
      { intent: 'tags', tags: '["a\\u0000b"]' },
    );
    if (escaped.status >= 500) failures.push(`escaped NUL in tags: ${escaped.status}`);
    expect(failures).toEqual([]);
  });

  it('an id that is not a uuid, in a form or a path, is a 4xx, never a database error', async () => {
    const failures: string[] = [];
    for (const [mod, params, form] of [
      [inboxPage, { projectId }, { intent: 'delete-view', viewId: 'not-a-uuid' }],
      [issuesPage, { projectId }, { issueId: 'not-a-uuid', status: 'resolved' }],
      [callPage, { projectId, callId: 'not-a-uuid' }, { intent: 'tags', tags: '["vip"]' }],
      [callPage, { projectId, callId: 'not-a-uuid' }, { turnId: ids.turn!, reason: 'wrong_answer' }],
    ] as const) {
      const res = await formCall(mod, params, form);
      if (res.status >= 500) failures.push(`${JSON.stringify(form)}: ${res.status}`);
    }
    expect(failures).toEqual([]);
  });
});
