// Operations of outbound campaigns and compliance (issue 21): campaigns, their contacts, lifecycle and
// figures; the do-not-call list; the project's compliance rules.
import { z } from 'zod';
import { createCampaignInput, updateCampaignInput } from '../../campaigns/campaign-input.ts';
import {
  campaignList,
  campaignView,
  contactPage,
  importResult,
  statsView,
} from '../../campaigns/campaign-views.ts';
import {
  contactQuery,
  contactsUploadForm,
  jsonContactsInput,
} from '../../campaigns/campaign-contacts.server.ts';
import { complianceSettingsInput, PRESETS } from '../../compliance/compliance-rules.ts';
import { addConsentInput, consentQuery } from '../../compliance/consents.server.ts';
import { addDncInput, dncQuery, importDncInput } from '../../compliance/dnc.server.ts';
import type { ApiOperation } from '../api-operation.ts';

const tags = ['campaigns'];
const campaign = '/projects/{projectId}/campaigns/{campaignId}';

const dncEntryView = z.object({
  id: z.uuid(),
  phone: z.string(),
  reason: z.string(),
  source: z.enum(['manual', 'import', 'call', 'api', 'opt_out']),
  addedBy: z.string(),
  createdAt: z.iso.datetime(),
});
const consentView = z.object({
  id: z.uuid(),
  phone: z.string(),
  channel: z.string(),
  source: z.string(),
  textVersion: z.string(),
  grantedAt: z.iso.datetime(),
  revokedAt: z.iso.datetime().nullable(),
});
const dayRange = z.object({ from: z.string(), to: z.string() });
const complianceView = z.object({
  preset: z.enum(PRESETS),
  quietHours: z.object({ weekday: dayRange.optional(), weekend: dayRange.optional() }),
  capDay: z.number().int().nullable(),
  capWeek: z.number().int().nullable(),
  capMonth: z.number().int().nullable(),
  effective: z.object({
    preset: z.enum(PRESETS),
    quietHours: z.object({ weekday: dayRange.optional(), weekend: dayRange.optional() }),
    capDay: z.number().int().nullable(),
    capWeek: z.number().int().nullable(),
    capMonth: z.number().int().nullable(),
    requireConsent: z.boolean(),
  }),
});

const move = (action: 'start' | 'pause' | 'resume' | 'cancel', summary: string): ApiOperation => ({
  method: 'post',
  path: `${campaign}/${action}`,
  operationId: `${action}Campaign`,
  summary,
  tags,
  permission: 'campaigns.manage',
  responses: { 200: campaignView },
  errors: {
    409: 'The campaign is not in a state that allows this (campaign_state), has no contacts, or its agent is unpublished',
  },
});

export const campaignOperations: ApiOperation[] = [
  {
    method: 'get',
    path: '/projects/{projectId}/campaigns',
    operationId: 'listCampaigns',
    summary: 'Campaigns with status and contact counts',
    tags,
    permission: 'campaigns.read',
    responses: { 200: campaignList },
  },
  {
    method: 'post',
    path: '/projects/{projectId}/campaigns',
    operationId: 'createCampaign',
    summary:
      'Create a draft campaign: agent (and version), SIP connection and caller ID, schedule in the callee’s zone, pacing, retries per outcome with backoff, done criteria',
    tags,
    permission: 'campaigns.manage',
    body: createCampaignInput,
    responses: { 201: campaignView },
  },
  {
    method: 'get',
    path: campaign,
    operationId: 'getCampaign',
    summary: 'One campaign',
    tags,
    permission: 'campaigns.read',
    responses: { 200: campaignView },
  },
  {
    method: 'patch',
    path: campaign,
    operationId: 'updateCampaign',
    summary: 'Change a draft or paused campaign',
    tags,
    permission: 'campaigns.manage',
    body: updateCampaignInput,
    responses: { 200: campaignView },
    errors: { 409: 'Running (pause first) or finished' },
  },
  {
    method: 'delete',
    path: campaign,
    operationId: 'deleteCampaign',
    summary: 'Delete a campaign that is not running, with its contacts and attempts',
    tags,
    permission: 'campaigns.manage',
    responses: { 204: null },
    errors: { 409: 'Running' },
  },
  {
    method: 'get',
    path: `${campaign}/contacts`,
    operationId: 'listCampaignContacts',
    summary: 'Contacts with their attempts (each linked to its call record), filtered by status',
    tags,
    permission: 'campaigns.read',
    query: contactQuery,
    responses: { 200: contactPage },
  },
  {
    method: 'post',
    path: `${campaign}/contacts`,
    operationId: 'addCampaignContacts',
    summary:
      'Add contacts from a CSV or an Excel .xlsx (multipart `file`; its first sheet, formulas giving their saved result, never run), a JSON `csv`, or JSON objects: numbers normalised to E.164, duplicates merged, bad rows listed with the reason, other columns become flow variables. `dryRun` answers the preview only.',
    tags,
    permission: 'campaigns.manage',
    body: jsonContactsInput,
    multipart: contactsUploadForm,
    responses: { 200: importResult, 201: importResult },
    errors: {
      400: 'No phone column (phone_column_missing), invalid mapping, or a file that is not a workbook (not_xlsx)',
      409: 'Finished campaign',
      413: 'List too large, or a workbook that unpacks too large or has too many rows',
    },
  },
  {
    method: 'get',
    path: `${campaign}/contacts.csv`,
    operationId: 'exportCampaignContacts',
    summary: 'Results as CSV: one line per contact with its variables, status, attempts and outcome fields',
    tags,
    permission: 'campaigns.read',
    responses: { 200: { description: 'CSV, one contact a line', contentType: 'text/csv' } },
  },
  {
    method: 'get',
    path: `${campaign}/stats`,
    operationId: 'getCampaignStats',
    summary:
      'Contacts by status, live calls, attempts by outcome, compliance refusals by reason, calls over time',
    tags,
    permission: 'campaigns.read',
    responses: { 200: statsView },
  },
  move('start', 'Start a draft campaign (pins the agent’s live version when none is chosen)'),
  move('pause', 'Pause: no new call is placed from now on; live calls finish'),
  move('resume', 'Resume a paused campaign'),
  move('cancel', 'Cancel: contacts not yet called are cancelled; live calls finish'),
  {
    method: 'get',
    path: '/projects/{projectId}/dnc',
    operationId: 'listDnc',
    summary: 'The do-not-call list, newest first',
    tags,
    permission: 'campaigns.read',
    query: dncQuery,
    responses: { 200: z.object({ entries: z.array(dncEntryView), total: z.number().int() }) },
  },
  {
    method: 'post',
    path: '/projects/{projectId}/dnc',
    operationId: 'addDnc',
    summary: 'Add a number (any usual writing) with a reason; who added it is recorded',
    tags,
    permission: 'campaigns.manage',
    body: addDncInput,
    responses: { 201: dncEntryView },
  },
  {
    method: 'post',
    path: '/projects/{projectId}/dnc/import',
    operationId: 'importDnc',
    summary: 'Add many numbers at once',
    tags,
    permission: 'campaigns.manage',
    body: importDncInput,
    responses: { 200: z.object({ added: z.number().int(), invalid: z.array(z.string()) }) },
  },
  {
    method: 'delete',
    path: '/projects/{projectId}/dnc/{entryId}',
    operationId: 'removeDnc',
    summary: 'Take a number off the list',
    tags,
    permission: 'campaigns.manage',
    responses: { 204: null },
  },
  {
    method: 'get',
    path: '/projects/{projectId}/compliance',
    operationId: 'getCompliance',
    summary: 'Quiet hours (callee’s local time) and caps per number, with the preset’s effective rules',
    tags,
    permission: 'campaigns.read',
    responses: { 200: complianceView },
  },
  {
    method: 'put',
    path: '/projects/{projectId}/compliance',
    operationId: 'updateCompliance',
    summary: 'Choose a preset (230-ФЗ, 38-ФЗ advertising, TCPA) or custom quiet hours and caps',
    tags,
    permission: 'compliance.manage',
    body: complianceSettingsInput,
    responses: { 200: complianceView },
  },
  {
    method: 'get',
    path: '/projects/{projectId}/consents',
    operationId: 'listConsents',
    summary: 'The consent ledger (38-ФЗ / 41-ФЗ evidence), newest first',
    tags,
    permission: 'campaigns.read',
    query: consentQuery,
    responses: { 200: z.object({ consents: z.array(consentView) }) },
  },
  {
    method: 'post',
    path: '/projects/{projectId}/consents',
    operationId: 'addConsent',
    summary: 'Record a consent: number, channel, where it was given, the text version',
    tags,
    permission: 'campaigns.manage',
    body: addConsentInput,
    responses: { 201: consentView },
  },
  {
    method: 'delete',
    path: '/projects/{projectId}/consents/{consentId}',
    operationId: 'revokeConsent',
    summary: 'Revoke a consent (the record stays, marked revoked)',
    tags,
    permission: 'campaigns.manage',
    responses: { 200: consentView },
  },
];
