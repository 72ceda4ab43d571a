// Contacts from an Excel workbook: the first sheet is read like a CSV (mapping, E.164, bad rows listed,
// extra columns as variables); formulas give their saved result and are never run; a hyperlink gives its
// text; a file that is not a workbook, or unpacks too large, is refused with its reason.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, createProject, createPublishedAgent, createUser } from '../../tests/support/factories';
import { bearerFor, type JsonAnswer } from '../../tests/support/route-call';
import { authContext } from '~/.server/auth/auth-context.server';
import { CLIENT_IP_HEADER } from '~/.server/auth/client-info.server';
import { zipUnpackedSize } from '~/.server/campaigns/xlsx-table';
import { db, disconnectDb } from '~/.server/db';
import * as contactsRoute from './api.v1.projects.$projectId.campaigns.$campaignId.contacts';

let projectId: string;
let campaignId: string;
let auth: Record<string, string>;

beforeAll(async () => {
  projectId = (await createProject(db(), 'Campaigns XLSX')).id;
  const user = await createUser(db());
  await addMember(db(), projectId, user.id, 'supervisor');
  auth = await bearerFor(user.id);
  const agentId = (
    await createPublishedAgent(db(), projectId, {
      name: 'Reminder',
      language: 'ru',
      graph: { schemaVersion: 1, nodes: [], edges: [] },
    })
  ).agent.id;
  const connectionId = (
    await db().sipConnection.create({
      data: { projectId, name: 'Trunk', provider: 'generic', host: 'sip.example.com', authMode: 'ip' },
    })
  ).id;
  campaignId = (await db().campaign.create({ data: { projectId, name: 'XLSX', agentId, connectionId } })).id;
});
afterAll(async () => {
  await authContext().redis.quit();
  await disconnectDb();
});

async function workbook(): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('Должники');
  sheet.addRow(['Телефон', 'Имя', 'Сумма', 'Сайт']);
  sheet.addRow(['8 (912) 345-67-89', 'Иван', 1500, { text: 'кабинет', hyperlink: 'https://evil.example/' }]);
  sheet.addRow(['+7 912 345 67 89', '', null, null]); // a duplicate of row 1
  sheet.addRow(['не номер', 'Пётр', 10, null]);
  // A formula with its saved result, and one reaching into another file with none: neither is run.
  sheet.addRow([74951234567, 'Анна', { formula: '100+100', result: 200 }, { formula: "'[book.xlsx]x'!A1" }]);
  return Buffer.from(await book.xlsx.writeBuffer());
}

async function upload(file: Blob, name: string, extra: Record<string, string> = {}) {
  const form = new FormData();
  form.set('file', file, name);
  for (const [k, v] of Object.entries(extra)) form.set(k, v);
  const request = new Request('http://localhost/api/v1/x', {
    method: 'POST',
    headers: { ...auth, [CLIENT_IP_HEADER]: '2001:db8::5:1' },
    body: form,
  });
  const res = (await contactsRoute.action({
    request,
    params: { projectId, campaignId },
    context: {},
  })) as Response;
  return { status: res.status, json: (await res.json()) as JsonAnswer };
}

describe('contacts from an .xlsx upload', () => {
  it('previews and imports the first sheet like a CSV; formulas and links give text only', async () => {
    const xlsx = new Blob([new Uint8Array(await workbook())]);
    const preview = await upload(xlsx, 'list.xlsx', { dryRun: 'true' });
    expect(preview.status).toBe(200);
    expect(preview.json).toMatchObject({
      valid: 2,
      duplicates: 1,
      mapping: { phone: 'Телефон', name: 'Имя' },
    });
    expect(preview.json.errors).toEqual([{ row: 3, value: 'не номер', reason: 'invalid_phone' }]);
    const imported = await upload(xlsx, 'list.xlsx');
    expect(imported.status).toBe(201);
    expect(imported.json).toMatchObject({ added: 2, variableNames: ['Сумма', 'Сайт'] });
    const contacts = await db().campaignContact.findMany({
      where: { campaignId },
      orderBy: { phone: 'asc' },
    });
    expect(contacts.map((c) => [c.phone, c.name, c.variables])).toEqual([
      ['+74951234567', 'Анна', { Сумма: '200' }], // the external formula had no saved result
      ['+79123456789', 'Иван', { Сумма: '1500', Сайт: 'кабинет' }],
    ]);
  });

  it('refuses a file that only claims to be a workbook, and counts a zip bomb before unpacking it', async () => {
    const fake = await upload(new Blob([Buffer.from('PK\u0003\u0004 not really a zip')]), 'list.xlsx');
    expect(fake.status).toBe(400);
    expect(fake.json.error.code).toBe('not_xlsx');
    // The central directory's sizes are what the check adds up.
    expect(zipUnpackedSize(await workbook())).toBeGreaterThan(1000);
  });
});
