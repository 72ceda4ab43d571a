import { describe, expect, it } from 'vitest';
import type { CrmContactRecord, CrmPort } from '../../ports';
import { buildFlow, runEvents } from '../../testing/build-flow';
import { createFakePorts } from '../../testing/fake-ports';
import type { CallEvent } from '../../events';
import { initialState } from '../../runtime/initial-state';

/** An in-memory CRM: what the built-in CRM does, without a database. */
function memoryCrm(contacts: CrmContactRecord[] = []) {
  const notes: { contactId: string; text: string }[] = [];
  const tasks: { contactId: string; title: string; dueAt: string }[] = [];
  const deals: { id: string; stage: string; title: string }[] = [];
  const crm: CrmPort = {
    findContact: async ({ phone, contactId }) =>
      contacts.find((c) => c.id === contactId) ?? contacts.find((c) => c.phones.includes(phone)) ?? null,
    upsertContact: async ({ contactId, phone, name }) => {
      let c = contacts.find((x) => x.id === contactId || (phone && x.phones.includes(phone)));
      if (!c) {
        c = {
          id: `c${contacts.length + 1}`,
          name: '',
          company: '',
          phones: [],
          emails: [],
          tags: [],
          fields: {},
        };
        contacts.push(c);
      }
      if (phone && !c.phones.includes(phone)) c.phones.push(phone);
      if (name) c.name = name;
      return c;
    },
    createDeal: async ({ title, stage }) => {
      const d = { id: `d${deals.length + 1}`, stage: stage ?? 'New', title };
      deals.push(d);
      return d;
    },
    moveDeal: async ({ dealId, stage }) => {
      const d = deals.find((x) => x.id === dealId);
      if (!d) throw new Error('no such deal');
      d.stage = stage;
      return d;
    },
    addNote: async (n) => {
      notes.push({ contactId: n.contactId, text: n.text });
      return { id: 'n' };
    },
    createTask: async (t) => {
      tasks.push({ contactId: t.contactId, title: t.title, dueAt: t.dueAt });
      return { id: 't' };
    },
  };
  return { crm, contacts, notes, tasks, deals };
}

const call = (number: string): CallEvent => ({
  type: 'call_started',
  caller: { number },
  direction: 'inbound',
});

const greeter = buildFlow(
  [
    ['start', 'start'],
    ['find', 'crm', { action: 'find_contact' }],
    ['hello', 'end', { message: 'Здравствуйте, {{contact.first_name}}!', disposition: 'known' }],
    ['save', 'crm', { action: 'upsert_contact', name: 'Новый клиент' }],
    ['note', 'crm', { action: 'add_note', text: 'Звонил впервые' }],
    ['task', 'crm', { action: 'create_task', text: 'Перезвонить', dueInHours: 2 }],
    ['deal', 'crm', { action: 'create_deal', text: 'Заявка {{contact.name}}', amount: '1 500' }],
    ['move', 'crm', { action: 'move_deal', stage: 'Won' }],
    ['bye', 'end', { message: 'Спасибо!', disposition: 'new' }],
    ['oops', 'end', { message: 'Ошибка CRM', disposition: 'crm_failed' }],
  ],
  [
    ['start', 'next', 'find'],
    ['find', 'found', 'hello'],
    ['find', 'not_found', 'save'],
    ['find', 'failed', 'oops'],
    ['save', 'done', 'note'],
    ['save', 'failed', 'oops'],
    ['note', 'done', 'task'],
    ['task', 'done', 'deal'],
    ['deal', 'done', 'move'],
    ['move', 'done', 'bye'],
    ['move', 'failed', 'oops'],
  ],
  { settings: { providerTimeoutMs: 50 } },
);

describe('crm node', () => {
  it('greets a known caller by name through contact.*', async () => {
    const { crm } = memoryCrm([
      {
        id: 'c1',
        name: 'Анна Петрова',
        company: '',
        phones: ['+79161234567'],
        emails: [],
        tags: [],
        fields: {},
      },
    ]);
    const [turn] = await runEvents(greeter, [call('+79161234567')], { ...createFakePorts(), crm });
    expect(turn!.commands[0]).toMatchObject({ type: 'say', text: 'Здравствуйте, Анна!' });
    expect(turn!.state.variables.contact).toMatchObject({
      id: 'c1',
      name: 'Анна Петрова',
      phone: '+79161234567',
    });
  });

  it('finds the CRM contact a campaign call was linked to, over a duplicate with the same number', async () => {
    const person = (id: string, name: string) => ({
      id,
      name,
      company: '',
      phones: ['+79161234567'],
      emails: [],
      tags: [],
      fields: {},
    });
    const { crm } = memoryCrm([person('c1', 'Пётр'), person('c2', 'Анна')]);
    const caller = { number: '+79161234567' };
    const [turn] = await runEvents(
      greeter,
      [{ type: 'call_started', caller, direction: 'outbound' }],
      { ...createFakePorts(), crm },
      initialState(greeter, caller, { crm_contact_id: 'c2' }),
    );
    expect(turn!.commands[0]).toMatchObject({ type: 'say', text: 'Здравствуйте, Анна!' });
    expect(turn!.state.variables.contact).toMatchObject({ id: 'c2' });
  });

  it('creates an unknown caller, notes, a task and a deal, and moves the deal', async () => {
    const mem = memoryCrm();
    const [turn] = await runEvents(greeter, [call('+79990001122')], { ...createFakePorts(), crm: mem.crm });
    expect(turn!.commands[0]).toMatchObject({ type: 'say', text: 'Спасибо!' });
    expect(mem.contacts).toMatchObject([{ name: 'Новый клиент', phones: ['+79990001122'] }]);
    expect(mem.notes).toEqual([{ contactId: 'c1', text: 'Звонил впервые' }]);
    expect(mem.tasks[0]).toMatchObject({ contactId: 'c1', title: 'Перезвонить' });
    expect(mem.deals).toEqual([{ id: 'd1', stage: 'Won', title: 'Заявка Новый клиент' }]);
    expect(turn!.state.variables.deal).toEqual({ id: 'd1', stage: 'Won' });
  });

  it('takes the failed port when the CRM throws, hangs or is absent', async () => {
    const broken = memoryCrm().crm;
    broken.findContact = async () => {
      throw new Error('CRM is down');
    };
    const hanging = memoryCrm().crm;
    hanging.findContact = ({ signal }) =>
      new Promise((_r, reject) => signal.addEventListener('abort', () => reject(new Error('aborted'))));
    for (const crm of [broken, hanging, undefined]) {
      const ports = { ...createFakePorts(), ...(crm ? { crm } : {}) };
      const [turn] = await runEvents(greeter, [call('+79161234567')], ports);
      expect(turn!.commands[0]).toMatchObject({ type: 'say', text: 'Ошибка CRM' });
      expect(turn!.trace.logs.some((l) => l.message.startsWith('CRM:'))).toBe(true);
    }
  });
});
