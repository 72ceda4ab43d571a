// The CRM API against the real test database: lookup by phone in several formats, search, roles (editors
// edit, operators add notes, analysts read), merge keeps every activity, CSV import reports bad rows, a
// call lands on the timeline, the board's stage moves, and erasure leaves nothing behind (checked by SQL).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authContext } from '~/.server/auth/auth-context.server';
import { runPendingAnalyses } from '~/.server/calls/post-call-analysis.server';
import { db, disconnectDb } from '~/.server/db';
import {
  addMember,
  createCall,
  createProject,
  createPublishedAgent,
  createUser,
} from '../../tests/support/factories.ts';
import {
  bearerFor,
  callRoute,
  type JsonAnswer as Json,
  type RouteModule,
} from '../../tests/support/route-call.ts';
import * as contactsRoute from './api.v1.projects.$projectId.crm.contacts';
import * as contactRoute from './api.v1.projects.$projectId.crm.contacts.$contactId';
import * as exportRoute from './api.v1.projects.$projectId.crm.contacts.$contactId.export';
import * as mergeRoute from './api.v1.projects.$projectId.crm.contacts.$contactId.merge';
import * as notesRoute from './api.v1.projects.$projectId.crm.contacts.$contactId.notes';
import * as importRoute from './api.v1.projects.$projectId.crm.contacts.import';
import * as csvRoute from './api.v1.projects.$projectId.crm.contacts[.csv]';
import * as dealsRoute from './api.v1.projects.$projectId.crm.deals';
import * as dealRoute from './api.v1.projects.$projectId.crm.deals.$dealId';
import * as pipelinesRoute from './api.v1.projects.$projectId.crm.pipelines';
import * as activitiesRoute from './api.v1.projects.$projectId.crm.activities';
import * as activityRoute from './api.v1.projects.$projectId.crm.activities.$activityId';
import * as fieldsRoute from './api.v1.projects.$projectId.crm.fields';
import * as agentsRoute from './api.v1.projects.$projectId.agents';
import * as draftRoute from './api.v1.projects.$projectId.agents.$agentId.draft';
import * as sessionsRoute from './api.v1.projects.$projectId.agents.$agentId.test-sessions';

let projectId: string;
let builder: Record<string, string>;
let operator: Record<string, string>;
let analyst: Record<string, string>;

const call = async (
  mod: RouteModule,
  method: string,
  params: Record<string, string>,
  headers: Record<string, string>,
  opts: { body?: unknown; query?: Record<string, string> } = {},
) => {
  const qs = opts.query ? `?${new URLSearchParams(opts.query).toString()}` : '';
  const res = await callRoute(mod, {
    method,
    path: `/api/v1/x${qs}`,
    params: { projectId, ...params },
    headers,
    body: opts.body,
  });
  const type = res.headers.get('content-type') ?? '';
  const text = type.includes('json') || type.includes('csv') ? await res.text() : '';
  return {
    status: res.status,
    text,
    json: (text && type.includes('json') ? JSON.parse(text) : null) as Json,
  };
};

beforeAll(async () => {
  projectId = (await createProject(db(), 'CRM')).id;
  const [b, o, a] = await Promise.all([createUser(db()), createUser(db()), createUser(db())]);
  await addMember(db(), projectId, b.id, 'builder');
  await addMember(db(), projectId, o.id, 'operator');
  await addMember(db(), projectId, a.id, 'analyst');
  [builder, operator, analyst] = await Promise.all([bearerFor(b.id), bearerFor(o.id), bearerFor(a.id)]);
});
afterAll(async () => {
  await authContext().redis.quit();
  await disconnectDb();
});

const create = async (body: Record<string, unknown>) => {
  const r = await call(contactsRoute, 'POST', {}, builder, { body });
  expect(r.status, r.text).toBe(201);
  return r.json.contact as Json;
};

describe('contacts', () => {
  it('finds one contact by phone whatever format it is typed in, and searches name, email and digits', async () => {
    const anna = await create({
      name: 'Анна Петрова',
      phones: ['8 (916) 123-45-67'],
      emails: ['Anna@Example.RU'],
      company: 'Ромашка',
    });
    expect(anna.phones).toEqual(['+79161234567']);
    expect(anna.emails).toEqual(['anna@example.ru']);
    for (const phone of [
      '+79161234567',
      '89161234567',
      '79161234567',
      '9161234567',
      '+7 916 123 45 67',
      'tel:+7-916-123-45-67',
    ]) {
      const r = await call(contactsRoute, 'GET', {}, analyst, { query: { phone } });
      expect(
        r.json.contacts.map((c: Json) => c.id),
        phone,
      ).toEqual([anna.id]);
    }
    expect(
      (await call(contactsRoute, 'GET', {}, analyst, { query: { phone: 'caller' } })).json.contacts,
    ).toEqual([]);
    for (const q of ['петрова', 'ромаш', 'anna@example', '8 916 123', '1234567']) {
      const r = await call(contactsRoute, 'GET', {}, analyst, { query: { q } });
      expect(
        r.json.contacts.map((c: Json) => c.id),
        q,
      ).toContain(anna.id);
    }
    const bad = await call(contactsRoute, 'POST', {}, builder, {
      body: { name: 'X', phones: ['not a phone'] },
    });
    expect(bad.status).toBe(400);
    expect(bad.json.error.fields).toHaveProperty(['phones.0']);
  });

  it('lets operators add notes but not edit, and analysts only read', async () => {
    const c = await create({ name: 'Олег', phones: ['+79160000001'] });
    expect(
      (
        await call(notesRoute, 'POST', { contactId: c.id }, operator, {
          body: { body: 'Просил перезвонить' },
        })
      ).status,
    ).toBe(201);
    expect(
      (await call(notesRoute, 'POST', { contactId: c.id }, analyst, { body: { body: 'x' } })).status,
    ).toBe(403);
    expect(
      (await call(contactRoute, 'PATCH', { contactId: c.id }, operator, { body: { name: 'Y' } })).status,
    ).toBe(403);
    expect((await call(contactsRoute, 'POST', {}, analyst, { body: { name: 'Z' } })).status).toBe(403);
    expect((await call(contactRoute, 'GET', { contactId: c.id }, analyst)).json.contact.name).toBe('Олег');
    expect((await call(exportRoute, 'GET', { contactId: c.id }, operator)).status).toBe(403);
  });

  it('merges duplicates, keeping every activity and deal', async () => {
    const a = await create({ name: 'Иван', phones: ['+79161110000'] });
    const b = await create({
      name: '',
      phones: ['+79161110001'],
      emails: ['ivan@example.ru'],
      tags: ['vip'],
    });
    for (const [c, text] of [
      [a, 'one'],
      [b, 'two'],
      [b, 'three'],
    ] as const)
      await call(notesRoute, 'POST', { contactId: c.id }, builder, { body: { body: text } });
    const deal = await call(dealsRoute, 'POST', {}, builder, {
      body: { title: 'Заказ', contactId: b.id, amount: 1500 },
    });
    expect(deal.status, deal.text).toBe(201);
    const r = await call(mergeRoute, 'POST', { contactId: a.id }, builder, {
      body: { duplicateIds: [b.id] },
    });
    expect(r.status, r.text).toBe(200);
    expect(r.json).toMatchObject({ merged: 1, activitiesMoved: 2 });
    expect(r.json.contact).toMatchObject({
      name: 'Иван',
      phones: ['+79161110000', '+79161110001'],
      emails: ['ivan@example.ru'],
      tags: ['vip'],
    });
    const timeline = await call(activitiesRoute, 'GET', {}, builder, { query: { contactId: a.id } });
    expect(timeline.json.activities.map((x: Json) => x.body).sort()).toEqual(['one', 'three', 'two']);
    expect((await call(dealRoute, 'GET', { dealId: deal.json.deal.id }, builder)).json.deal.contactId).toBe(
      a.id,
    );
    expect((await call(contactRoute, 'GET', { contactId: b.id }, builder)).status).toBe(404);
  });

  it('imports CSV with a mapping, reports bad rows, updates known numbers and exports CSV', async () => {
    await call(fieldsRoute, 'POST', {}, builder, {
      body: { entity: 'contact', key: 'city', label: 'Город' },
    });
    const csv = [
      'ФИО;Телефон;Почта;Город;Лишнее',
      'Мария Смирнова;+7 903 111-22-33;maria@example.ru;Казань;x',
      'Пётр;8 903 111 22 44;;Самара;',
      'Ошибка;12;;;',
      'Плохая почта;+79031112255;not-an-email;;',
      ';;;;',
      'Олег Второй;+7 916 000-00-01;;Москва;',
    ].join('\n');
    const mapping = { ФИО: 'name', Телефон: 'phone', Почта: 'email', Город: 'field:city', Лишнее: 'skip' };
    const r = await call(importRoute, 'POST', {}, builder, { body: { csv, mapping, tags: ['import'] } });
    expect(r.status, r.text).toBe(200);
    expect(r.json.created).toBe(2);
    expect(r.json.updated).toBe(1);
    expect(r.json.errors).toEqual([
      { row: 4, message: expect.stringContaining('"12" is not a phone number') },
      { row: 5, message: expect.stringContaining('not an email') },
    ]);
    const maria = (await call(contactsRoute, 'GET', {}, builder, { query: { phone: '89031112233' } })).json
      .contacts[0];
    expect(maria).toMatchObject({
      name: 'Мария Смирнова',
      fields: { city: 'Казань' },
      tags: ['import'],
      source: 'import',
    });
    // The known number (Олег) kept his name and got the tag.
    const oleg = (await call(contactsRoute, 'GET', {}, builder, { query: { phone: '+79160000001' } })).json
      .contacts[0];
    expect(oleg).toMatchObject({ name: 'Олег', tags: ['import'] });
    const out = await call(csvRoute, 'GET', {}, builder);
    expect(out.status).toBe(200);
    expect(out.text).toContain('Мария Смирнова');
    expect(out.text.split('\r\n')[0]).toContain('city');
    expect((await call(csvRoute, 'GET', {}, analyst)).status).toBe(403);
  });
});

describe('deals and tasks', () => {
  it('moves a deal across stages in board order and logs the stage change; lists tasks due today', async () => {
    const pipelines = (await call(pipelinesRoute, 'GET', {}, analyst)).json.pipelines;
    const stages = pipelines[0].stages as [Json, Json, ...Json[]];
    expect(stages.length).toBe(5);
    const c = await create({ name: 'Сделочник', phones: ['+79165550000'] });
    const d1 = (await call(dealsRoute, 'POST', {}, builder, { body: { title: 'A', contactId: c.id } })).json
      .deal;
    const d2 = (await call(dealsRoute, 'POST', {}, builder, { body: { title: 'B', stageId: stages[1].id } }))
      .json.deal;
    expect(d1.stageId).toBe(stages[0].id);
    const moved = await call(dealRoute, 'PATCH', { dealId: d1.id }, builder, {
      body: { stageId: stages[1].id, beforeId: d2.id },
    });
    expect(moved.status, moved.text).toBe(200);
    const board = (await call(dealsRoute, 'GET', {}, builder, { query: { stageId: stages[1].id } })).json
      .deals;
    expect(board.map((d: Json) => d.title)).toEqual(['A', 'B']);
    const timeline = (await call(activitiesRoute, 'GET', {}, builder, { query: { contactId: c.id } })).json
      .activities;
    expect(timeline[0]).toMatchObject({
      type: 'stage_change',
      dealId: d1.id,
      data: { fromName: stages[0].name, toName: stages[1].name },
    });
    const due = new Date(Date.now() + 60_000).toISOString();
    const task = await call(activitiesRoute, 'POST', {}, builder, {
      body: { type: 'task', contactId: c.id, title: 'Перезвонить', dueAt: due },
    });
    expect(task.status, task.text).toBe(201);
    const today = (await call(activitiesRoute, 'GET', {}, operator, { query: { due: 'today' } })).json
      .activities;
    expect(today.map((t: Json) => t.id)).toContain(task.json.activity.id);
    await call(activityRoute, 'PATCH', { activityId: task.json.activity.id }, builder, {
      body: { done: true },
    });
    const after = (await call(activitiesRoute, 'GET', {}, operator, { query: { due: 'today' } })).json
      .activities;
    expect(after.map((t: Json) => t.id)).not.toContain(task.json.activity.id);
  });
});

describe('calls and personal data', () => {
  it('files a call on the caller’s contact, and erasure removes the contact from every trace', async () => {
    const callRow = await createCall(db(), projectId, {
      fromNumber: '+79267770000',
      toNumber: 'demo',
      status: 'ended',
      endedAt: new Date(),
      durationMs: 42_000,
      variables: { contact: { id: 'x', name: 'Гость' }, other: 1 },
    });
    await runPendingAnalyses(db(), undefined, 50, projectId);
    // A running app's analysis loop (the E2E server shares this database) may have taken the call first.
    await expect
      .poll(() => db().crmActivity.count({ where: { callId: callRow.id } }), { timeout: 20_000 })
      .toBe(1);
    const found = (await call(contactsRoute, 'GET', {}, builder, { query: { phone: '8 926 777 00 00' } }))
      .json.contacts;
    expect(found).toHaveLength(1);
    const contactId = found[0].id as string;
    expect(found[0].source).toBe('call');
    const timeline = (await call(activitiesRoute, 'GET', {}, builder, { query: { contactId } })).json
      .activities;
    expect(timeline).toMatchObject([
      { type: 'call', callId: callRow.id, data: { direction: 'inbound', durationMs: 42_000 } },
    ]);
    // Analysing again (a retry) does not file the call twice.
    await db().call.update({ where: { id: callRow.id }, data: { analysisStatus: 'pending' } });
    await runPendingAnalyses(db(), undefined, 50, projectId);
    await expect
      .poll(async () => (await db().call.findUniqueOrThrow({ where: { id: callRow.id } })).analysisStatus, {
        timeout: 20_000,
      })
      .toBe('done');
    expect(await db().crmActivity.count({ where: { callId: callRow.id } })).toBe(1);

    // The same person on a campaign's list, linked to the contact (issue 23).
    const { agent } = await createPublishedAgent(db(), projectId, {
      name: 'Erasure reminder',
      language: 'ru',
      graph: { schemaVersion: 1, nodes: [], edges: [] },
    });
    const trunk = await db().sipConnection.create({
      data: { projectId, name: 'Trunk', provider: 'generic', host: 'sip.example.com', authMode: 'ip' },
    });
    const campaign = await db().campaign.create({
      data: { projectId, name: 'Erasure', agentId: agent.id, connectionId: trunk.id },
    });
    await db().campaignContact.create({
      data: {
        projectId,
        campaignId: campaign.id,
        phone: '+79267770000',
        name: 'Гость',
        variables: { city: 'Тверь' },
        crmContactId: contactId,
      },
    });

    const exported = await call(exportRoute, 'GET', { contactId }, builder);
    expect(exported.json.calls.map((c: Json) => c.id)).toEqual([callRow.id]);

    const erased = await call(contactRoute, 'DELETE', { contactId }, builder);
    expect(erased.status, erased.text).toBe(200);
    expect(erased.json).toEqual({ erased: true, calls: 1 });
    const [left] = await db().$queryRaw<
      { contacts: number; activities: number; calls_with_number: number; calls_with_contact: number }[]
    >`
      SELECT
        (SELECT count(*)::int FROM crm_contacts WHERE id = ${contactId}::uuid OR '+79267770000' = ANY(phones)) AS contacts,
        (SELECT count(*)::int FROM crm_activities WHERE "contactId" = ${contactId}::uuid OR "callId" = ${callRow.id}::uuid) AS activities,
        (SELECT count(*)::int FROM calls WHERE "fromNumber" = '+79267770000' OR "toNumber" = '+79267770000') AS calls_with_number,
        (SELECT count(*)::int FROM calls WHERE id = ${callRow.id}::uuid AND variables ? 'contact') AS calls_with_contact`;
    expect(left).toEqual({ contacts: 0, activities: 0, calls_with_number: 0, calls_with_contact: 0 });
    const listed = await db().campaignContact.findFirstOrThrow({ where: { campaignId: campaign.id } });
    expect(listed).toMatchObject({ name: '', variables: {}, crmContactId: null, status: 'cancelled' });
    expect(listed.phone).not.toContain('7770000');
    const kept = await db().call.findUniqueOrThrow({ where: { id: callRow.id } });
    expect(kept.variables).toEqual({ other: 1 });
    const audit = await db().auditLog.findFirst({
      where: { projectId, action: 'crm.contact.erase', targetId: contactId },
    });
    expect(audit).not.toBeNull();
    expect(JSON.stringify(audit!.diff)).not.toContain('+79267770000');
  });
});

describe('CRM nodes in the test console', () => {
  it('create a contact with a note and a task, and find it again in the next conversation', async () => {
    const node = (id: string, type: string, data: object, x: number) => ({
      id,
      type,
      position: { x, y: 0 },
      data,
    });
    const graph = {
      schemaVersion: 2,
      settings: { language: 'ru' },
      nodes: [
        node('start', 'start', {}, 0),
        node('find', 'crm', { action: 'find_contact', phone: '+7 916 444-55-66' }, 200),
        node(
          'save',
          'crm',
          { action: 'upsert_contact', phone: '+7 916 444-55-66', name: 'Консоль Тестовая' },
          400,
        ),
        node('note', 'crm', { action: 'add_note', text: 'Из тестовой консоли' }, 600),
        node('task', 'crm', { action: 'create_task', text: 'Перезвонить', dueInHours: 1 }, 800),
        node('new', 'end', { message: 'Записали вас, {{contact.first_name}}.' }, 1000),
        node('known', 'end', { message: 'С возвращением, {{contact.first_name}}!' }, 400),
        node('oops', 'end', { message: 'CRM недоступна.' }, 400),
      ],
      edges: [
        { id: 'e1', source: 'start', sourceHandle: 'next', target: 'find' },
        { id: 'e2', source: 'find', sourceHandle: 'found', target: 'known' },
        { id: 'e3', source: 'find', sourceHandle: 'not_found', target: 'save' },
        { id: 'e4', source: 'find', sourceHandle: 'failed', target: 'oops' },
        { id: 'e5', source: 'save', sourceHandle: 'done', target: 'note' },
        { id: 'e6', source: 'save', sourceHandle: 'failed', target: 'oops' },
        { id: 'e7', source: 'note', sourceHandle: 'done', target: 'task' },
        { id: 'e8', source: 'note', sourceHandle: 'failed', target: 'oops' },
        { id: 'e9', source: 'task', sourceHandle: 'done', target: 'new' },
        { id: 'e10', source: 'task', sourceHandle: 'failed', target: 'oops' },
      ],
    };
    const agent = await call(agentsRoute, 'POST', {}, builder, {
      body: { name: 'CRM console', language: 'ru' },
    });
    const agentId = agent.json.id as string;
    const draft = await call(draftRoute, 'GET', { agentId }, builder);
    const saved = await call(draftRoute, 'PUT', { agentId }, builder, {
      body: { graph, revision: draft.json.revision },
    });
    expect(saved.status, saved.text).toBe(200);
    const said = async () => {
      const started = await call(sessionsRoute, 'POST', { agentId }, builder, { body: {} });
      expect(started.status, started.text).toBe(201);
      return JSON.stringify(started.json);
    };
    expect(await said()).toContain('Записали вас, Консоль.');
    const contact = (await call(contactsRoute, 'GET', {}, builder, { query: { phone: '89164445566' } })).json
      .contacts[0];
    expect(contact).toMatchObject({ name: 'Консоль Тестовая', source: 'flow' });
    const timeline = (await call(activitiesRoute, 'GET', {}, builder, { query: { contactId: contact.id } }))
      .json.activities;
    expect(timeline.map((a: Json) => a.type).sort()).toEqual(['note', 'task']);
    expect(await said()).toContain('С возвращением, Консоль!');
  });
});

describe('the first pipeline', () => {
  it('is in the project’s default language, even when an API client makes the first deal', async () => {
    const ru = (await createProject(db(), 'CRM ru')).id;
    await db().project.update({ where: { id: ru }, data: { defaultLanguage: 'ru' } });
    const owner = await createUser(db());
    await addMember(db(), ru, owner.id, 'owner');
    const auth = await bearerFor(owner.id);
    const deal = await callRoute(dealsRoute, {
      method: 'POST',
      path: '/api/v1/x',
      params: { projectId: ru },
      headers: auth,
      body: { title: 'Имплантация' },
    });
    expect(deal.status).toBe(201);
    const pipelines = (await (
      await callRoute(pipelinesRoute, {
        method: 'GET',
        path: '/api/v1/x',
        params: { projectId: ru },
        headers: auth,
      })
    ).json()) as { pipelines: { name: string; stages: { name: string }[] }[] };
    expect(pipelines.pipelines[0]!.name).toBe('Продажи');
    expect(pipelines.pipelines[0]!.stages.map((s) => s.name)).toEqual([
      'Новая',
      'Квалификация',
      'Предложение',
      'Успешно',
      'Провалена',
    ]);
  });
});
