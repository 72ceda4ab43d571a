import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addMember,
  createCall,
  createProject,
  createPublishedAgent,
  createUser,
} from '../../tests/support/factories';
import { bearerFor, callRoute, callRouteJson, type RouteModule } from '../../tests/support/route-call';
import { authContext } from '~/.server/auth/auth-context.server';
import { db, disconnectDb } from '~/.server/db';
import { campaignCallVariables } from '~/.server/campaigns/campaign-call-variables.server';
import { builtInCrmPort } from '~/.server/crm/built-in-crm-port.server';
import { recordCallInCrm } from '~/.server/crm/call-timeline.server';
import * as campaignsRoute from './api.v1.projects.$projectId.campaigns';
import * as campaignRoute from './api.v1.projects.$projectId.campaigns.$campaignId';
import * as contactsRoute from './api.v1.projects.$projectId.campaigns.$campaignId.contacts';
import * as exportRoute from './api.v1.projects.$projectId.campaigns.$campaignId.contacts[.csv]';
import * as startRoute from './api.v1.projects.$projectId.campaigns.$campaignId.start';
import * as pauseRoute from './api.v1.projects.$projectId.campaigns.$campaignId.pause';
import * as resumeRoute from './api.v1.projects.$projectId.campaigns.$campaignId.resume';
import * as cancelRoute from './api.v1.projects.$projectId.campaigns.$campaignId.cancel';
import * as statsRoute from './api.v1.projects.$projectId.campaigns.$campaignId.stats';
import * as dncRoute from './api.v1.projects.$projectId.dnc';
import * as dncEntryRoute from './api.v1.projects.$projectId.dnc.$entryId';
import * as dncImportRoute from './api.v1.projects.$projectId.dnc.import';
import * as complianceRoute from './api.v1.projects.$projectId.compliance';
import * as consentsRoute from './api.v1.projects.$projectId.consents';
import * as consentRoute from './api.v1.projects.$projectId.consents.$consentId';

let projectId: string;
let otherProjectId: string;
let agentId: string;
let connectionId: string;
const as: Record<string, Record<string, string>> = {};

const call = (
  mod: RouteModule,
  method: string,
  who: string,
  params: Record<string, string> = {},
  body?: unknown,
  pid = projectId,
) =>
  callRouteJson(mod, {
    method,
    path: '/api/v1/x?' + new URLSearchParams(params.query ? JSON.parse(params.query) : {}),
    params: { projectId: pid, ...params },
    headers: as[who]!,
    body,
  });

beforeAll(async () => {
  projectId = (await createProject(db(), 'Campaigns API')).id;
  otherProjectId = (await createProject(db(), 'Campaigns other')).id;
  for (const role of ['owner', 'admin', 'supervisor', 'analyst', 'operator'] as const) {
    const user = await createUser(db());
    await addMember(db(), projectId, user.id, role);
    as[role] = await bearerFor(user.id);
  }
  const outsider = await createUser(db());
  await addMember(db(), otherProjectId, outsider.id, 'owner');
  as.outsider = await bearerFor(outsider.id);
  agentId = (
    await createPublishedAgent(db(), projectId, {
      name: 'Reminder',
      language: 'ru',
      graph: { schemaVersion: 1, nodes: [], edges: [] },
    })
  ).agent.id;
  connectionId = (
    await db().sipConnection.create({
      data: { projectId, name: 'Trunk', provider: 'generic', host: 'sip.example.com', authMode: 'ip' },
    })
  ).id;
});
afterAll(async () => {
  await authContext().redis.quit();
  await disconnectDb();
});

const CSV = [
  'Телефон;Имя;Сумма;Дата визита',
  '8 (912) 345-67-89;Иван;1500;12.12',
  '+7 912 345 67 89;;;', // duplicate of row 1
  'not a number;Пётр;10;',
  '+74951234567;Анна;200;13.12',
].join('\r\n');

describe('campaigns API', () => {
  let campaignId: string;

  it('creates a draft with defaults, refuses another project’s agent, and lets analysts only read', async () => {
    const bad = await call(
      campaignsRoute,
      'POST',
      'supervisor',
      {},
      { name: '', agentId: crypto.randomUUID(), connectionId },
    );
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.json.error.fields)).toEqual(expect.arrayContaining(['name']));
    const foreign = await call(
      campaignsRoute,
      'POST',
      'supervisor',
      {},
      { name: 'X', agentId: crypto.randomUUID(), connectionId },
    );
    expect(foreign.status).toBe(400);
    expect(foreign.json.error.fields.agentId).toBeDefined();
    const denied = await call(campaignsRoute, 'POST', 'analyst', {}, { name: 'X', agentId, connectionId });
    expect(denied.status).toBe(403);
    const created = await call(
      campaignsRoute,
      'POST',
      'supervisor',
      {},
      {
        name: 'Напоминание о визите',
        agentId,
        connectionId,
        schedule: { weekdays: [1, 2, 3, 4, 5], from: '10:00', to: '19:00' },
        maxConcurrent: 3,
        callsPerMinute: 20,
        doneCriteria: { field: 'confirmed', equals: true },
      },
    );
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({
      status: 'draft',
      maxConcurrent: 3,
      schedule: { defaultTimezone: 'Europe/Moscow' },
      retry: { busy: { retry: true } },
    });
    campaignId = created.json.id;
    const list = await call(campaignsRoute, 'GET', 'analyst');
    expect(list.json.campaigns.map((c: { id: string }) => c.id)).toContain(campaignId);
    expect((await call(campaignsRoute, 'GET', 'operator')).status).toBe(403);
    expect(
      (await call(campaignRoute, 'GET', 'outsider', { campaignId }, undefined, otherProjectId)).status,
    ).toBe(404);
    expect((await call(campaignRoute, 'GET', 'outsider', { campaignId })).status).toBe(404);
  });

  it('previews a list (dry run), then imports it: E.164, duplicates merged, the bad row listed, extra columns as variables', async () => {
    const start = await call(startRoute, 'POST', 'supervisor', { campaignId });
    expect(start.status).toBe(409);
    expect(start.json.error.code).toBe('campaign_empty');
    const preview = await call(
      contactsRoute,
      'POST',
      'supervisor',
      { campaignId },
      { csv: CSV, dryRun: true },
    );
    expect(preview.status).toBe(200);
    expect(preview.json).toMatchObject({
      dryRun: true,
      valid: 2,
      added: 0,
      duplicates: 1,
      mapping: { phone: 'Телефон', name: 'Имя' },
    });
    expect(preview.json.errors).toEqual([{ row: 3, value: 'not a number', reason: 'invalid_phone' }]);
    expect(await db().campaignContact.count({ where: { campaignId } })).toBe(0);
    const imported = await call(contactsRoute, 'POST', 'supervisor', { campaignId }, { csv: CSV });
    expect(imported.status).toBe(201);
    expect(imported.json).toMatchObject({ added: 2, merged: 0, variableNames: ['Сумма', 'Дата_визита'] });
    const ivan = await db().campaignContact.findFirstOrThrow({
      where: { campaignId, phone: '+79123456789' },
    });
    expect(ivan).toMatchObject({
      name: 'Иван',
      rows: [1, 2],
      variables: { Сумма: '1500', Дата_визита: '12.12' },
    });
    // JSON objects, with a number already in the campaign: merged, not added twice.
    const more = await call(
      contactsRoute,
      'POST',
      'supervisor',
      { campaignId },
      {
        contacts: [
          { phone: '+7 (912) 345-67-89', plan: 'gold' },
          { phone: '+1 212 555 0100', timezone: 'America/New_York' },
          { phone: '' },
        ],
      },
    );
    expect(more.json).toMatchObject({ added: 1, merged: 1, errors: [{ row: 3, reason: 'empty_phone' }] });
    expect(
      (await db().campaignContact.findFirstOrThrow({ where: { campaignId, phone: '+79123456789' } }))
        .variables,
    ).toMatchObject({ plan: 'gold', Сумма: '1500' });
    const noPhone = await call(contactsRoute, 'POST', 'supervisor', { campaignId }, { csv: 'a,b\n1,2' });
    expect(noPhone.json.error.code).toBe('phone_column_missing');
  });

  it('links every contact to a CRM contact (found by number, else created), and files its calls there', async () => {
    // A campaign of its own, so the counts of the next tests stay as they are.
    const campaignId = (
      await call(campaignsRoute, 'POST', 'supervisor', {}, { name: 'CRM link', agentId, connectionId })
    ).json.id as string;
    // Already in the CRM, written differently: found, not created again.
    const maria = await db().crmContact.create({
      data: { projectId, name: 'Мария', phones: ['+79031112233'], source: 'manual' },
    });
    // The same number in another project stays out of it.
    await db().crmContact.create({
      data: { projectId: otherProjectId, name: 'Чужая', phones: ['+79035556677'] },
    });
    const before = await db().crmContact.count({ where: { projectId } });
    const imported = await call(
      contactsRoute,
      'POST',
      'supervisor',
      { campaignId },
      { csv: 'phone,name\n8 903 111-22-33,Маша\n+7 903 555 66 77,Ольга\n+79123456789,Иван И.\n' },
    );
    expect(imported.json).toMatchObject({ added: 3 });
    const rows = await db().campaignContact.findMany({
      where: { campaignId },
      include: { crmContact: true },
    });
    expect(rows.every((r) => r.crmContact?.projectId === projectId)).toBe(true);
    const byPhone = new Map(rows.map((r) => [r.phone, r.crmContact!]));
    expect(byPhone.get('+79031112233')!.id).toBe(maria.id);
    expect(byPhone.get('+79035556677')).toMatchObject({ name: 'Ольга', source: 'campaign' });
    // Иван came with the other campaign's upload: found, keeping the name he has in the CRM.
    expect(byPhone.get('+79123456789')).toMatchObject({ name: 'Иван', source: 'campaign' });
    expect(await db().crmContact.count({ where: { projectId } })).toBe(before + 1);
    // A second upload of the same numbers creates nothing more.
    await call(
      contactsRoute,
      'POST',
      'supervisor',
      { campaignId },
      { contacts: [{ phone: '+79031112233' }] },
    );
    expect(await db().crmContact.count({ where: { projectId } })).toBe(before + 1);
    const listed = await call(contactsRoute, 'GET', 'analyst', {
      campaignId,
      query: JSON.stringify({ q: '9031112233' }),
    });
    expect(listed.json.contacts[0].crmContactId).toBe(maria.id);

    // A later duplicate with the same number, more recently active, would win a lookup by number: the
    // campaign's call still lands on the contact its row is linked to.
    await db().crmContact.create({
      data: { projectId, name: 'Дубль', phones: ['+79031112233'], lastActivityAt: new Date() },
    });
    const row = rows.find((r) => r.phone === '+79031112233')!;
    const attempt = await db().campaignAttempt.create({
      data: { campaignId, contactId: row.id, projectId, number: 1, phone: row.phone, status: 'ended' },
    });
    expect(await campaignCallVariables(db(), attempt.id)).toBeNull();
    await db().campaignAttempt.update({
      where: { id: attempt.id },
      data: { testCallId: crypto.randomUUID() },
    });
    const withTestCall = await db().campaignAttempt.findUniqueOrThrow({ where: { id: attempt.id } });
    expect(await campaignCallVariables(db(), withTestCall.testCallId!)).toMatchObject({
      crm_contact_id: maria.id,
    });
    const dialled = await createCall(db(), projectId, {
      direction: 'outbound',
      toNumber: '+79031112233',
      summary: 'Подтвердила визит',
    });
    await db().campaignAttempt.update({ where: { id: attempt.id }, data: { callId: dialled.id } });
    expect(await recordCallInCrm(db(), dialled.id)).toEqual({ contactId: maria.id });
    const entry = await db().crmActivity.findFirstOrThrow({ where: { callId: dialled.id } });
    expect(entry).toMatchObject({ contactId: maria.id, type: 'call', body: 'Подтвердила визит' });
    // The Find contact node in that call finds her too (the call's variable names her).
    const found = await builtInCrmPort(projectId).findContact({
      phone: '+79031112233',
      contactId: maria.id,
      signal: new AbortController().signal,
    });
    expect(found?.id).toBe(maria.id);
  });

  it('starts, pauses, resumes and cancels, refusing moves the state does not allow', async () => {
    const started = await call(startRoute, 'POST', 'supervisor', { campaignId });
    expect(started.status).toBe(200);
    expect(started.json.status).toBe('running');
    expect(started.json.versionId).toBeTruthy();
    expect((await call(startRoute, 'POST', 'supervisor', { campaignId })).json.error.code).toBe(
      'campaign_state',
    );
    expect(
      (await call(campaignRoute, 'PATCH', 'supervisor', { campaignId }, { maxConcurrent: 5 })).status,
    ).toBe(409);
    expect((await call(pauseRoute, 'POST', 'supervisor', { campaignId })).json.status).toBe('paused');
    expect(
      (await call(campaignRoute, 'PATCH', 'supervisor', { campaignId }, { maxConcurrent: 5 })).json
        .maxConcurrent,
    ).toBe(5);
    expect((await call(resumeRoute, 'POST', 'supervisor', { campaignId })).json.status).toBe('running');
    expect((await call(pauseRoute, 'POST', 'analyst', { campaignId })).status).toBe(403);
    const stats = await call(statsRoute, 'GET', 'analyst', { campaignId });
    expect(stats.json).toMatchObject({ counts: { total: 3, pending: 3 }, live: 0 });
    const pending = await call(contactsRoute, 'GET', 'analyst', {
      campaignId,
      query: JSON.stringify({ status: 'pending', limit: '2' }),
    });
    expect(pending.json.total).toBe(3);
    expect(pending.json.contacts).toHaveLength(2);
    expect(pending.json.nextCursor).toBeTruthy();
    const csv = await callRoute(exportRoute, {
      method: 'GET',
      path: '/x',
      params: { projectId, campaignId },
      headers: as.analyst!,
    });
    const text = await csv.text();
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    expect(text.split('\n')[0]).toBe(
      'phone,name,Сумма,Дата_визита,plan,status,attempts,last_outcome,outcomes',
    );
    expect(text).toContain('+79123456789,Иван,1500,12.12,gold,pending,0,,{}');
    const cancelled = await call(cancelRoute, 'POST', 'supervisor', { campaignId });
    expect(cancelled.json).toMatchObject({ status: 'cancelled', counts: { cancelled: 3 } });
    expect((await call(campaignRoute, 'DELETE', 'supervisor', { campaignId })).status).toBe(204);
  });
});

describe('do-not-call list and compliance rules', () => {
  it('adds, imports, lists and removes numbers, recording who and why', async () => {
    const added = await call(
      dncRoute,
      'POST',
      'supervisor',
      {},
      { phone: '8 912 000-11-22', reason: 'Просил не звонить' },
    );
    expect(added.status).toBe(201);
    expect(added.json).toMatchObject({ phone: '+79120001122', source: 'api', reason: 'Просил не звонить' });
    expect(added.json.addedBy).toContain('@');
    const imported = await call(
      dncImportRoute,
      'POST',
      'admin',
      {},
      { phones: ['+79120001122', '+79120001133', 'xx'] },
    );
    expect(imported.json).toEqual({ added: 1, invalid: ['xx'] });
    const list = await call(dncRoute, 'GET', 'analyst');
    expect(list.json.total).toBe(2);
    expect((await call(dncRoute, 'POST', 'analyst', {}, { phone: '+79120001144' })).status).toBe(403);
    expect(
      (await call(dncEntryRoute, 'DELETE', 'outsider', { entryId: added.json.id }, undefined, otherProjectId))
        .status,
    ).toBe(404);
    expect((await call(dncEntryRoute, 'DELETE', 'supervisor', { entryId: added.json.id })).status).toBe(204);
    expect((await call(dncRoute, 'GET', 'analyst')).json.total).toBe(1);
  });

  it('applies the 230-ФЗ preset; only owners and admins change the rules', async () => {
    expect((await call(complianceRoute, 'GET', 'analyst')).json).toMatchObject({ preset: 'none' });
    expect((await call(complianceRoute, 'PUT', 'supervisor', {}, { preset: 'ru_230fz' })).status).toBe(403);
    const put = await call(complianceRoute, 'PUT', 'admin', {}, { preset: 'ru_230fz' });
    expect(put.json.effective).toEqual({
      preset: 'ru_230fz',
      quietHours: { weekday: { from: '08:00', to: '22:00' }, weekend: { from: '09:00', to: '20:00' } },
      capDay: 1,
      capWeek: 2,
      capMonth: 8,
      requireConsent: false,
    });
    const custom = await call(
      complianceRoute,
      'PUT',
      'admin',
      {},
      { preset: 'custom', quietHours: { weekday: { from: '25:00', to: '20:00' } } },
    );
    expect(custom.status).toBe(400);
  });

  it('records and revokes consents, keeping the record as evidence', async () => {
    const added = await call(
      consentsRoute,
      'POST',
      'supervisor',
      {},
      { phone: '8 912 555-00-11', source: 'https://clinic.example/form', textVersion: 'v3' },
    );
    expect(added.status).toBe(201);
    expect(added.json).toMatchObject({ phone: '+79125550011', channel: 'voice', revokedAt: null });
    expect(
      (await call(consentsRoute, 'POST', 'analyst', {}, { phone: '+79125550011', source: 'x' })).status,
    ).toBe(403);
    const revoked = await call(consentRoute, 'DELETE', 'supervisor', { consentId: added.json.id });
    expect(revoked.json.revokedAt).toBeTruthy();
    const list = await call(consentsRoute, 'GET', 'analyst', {
      query: JSON.stringify({ phone: '+7 912 555 00 11' }),
    });
    expect(list.json.consents).toHaveLength(1);
    expect(
      (
        await call(
          consentRoute,
          'DELETE',
          'outsider',
          { consentId: added.json.id },
          undefined,
          otherProjectId,
        )
      ).status,
    ).toBe(404);
  });
});
