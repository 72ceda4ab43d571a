import type { JsonValue } from '../../json';
import type { CrmContactRecord, CrmPort } from '../../ports';
import { callWithTimeout } from '../../runtime/call-with-timeout';
import type { NodeHandler, StepContext, StepResult } from '../../runtime/step';
import type { CrmData } from './crm.node.js';

/** What `{{contact.*}}` offers: the name whole and its first word, the first phone and email. */
export function contactVariables(c: CrmContactRecord): Record<string, JsonValue> {
  return {
    id: c.id,
    name: c.name,
    first_name: c.name.trim().split(/\s+/)[0] ?? '',
    company: c.company,
    phone: c.phones[0] ?? '',
    email: c.emails[0] ?? '',
    tags: c.tags,
    fields: c.fields,
  };
}

const failed = (nodeId: string, message: string): StepResult => ({
  outcome: 'next',
  port: 'failed',
  logs: [{ level: 'warn', nodeId, message: `CRM: ${message}` }],
});

type Run = (crm: CrmPort, signal: AbortSignal) => Promise<StepResult>;

/** Each action as one CRM call; what it returns becomes variables, a thrown error the `failed` port. */
function actionOf(data: CrmData, ctx: StepContext, nodeId: string): Run | string {
  const render = (t: string) => ctx.render(t).trim();
  const contactId = render(data.contactId);
  const saveContact = (c: CrmContactRecord, port: string): StepResult => ({
    outcome: 'next',
    port,
    patch: { variables: { [data.contactVariable]: contactVariables(c) } },
    logs: [{ level: 'info', nodeId, message: `CRM contact ${c.id}` }],
  });
  const saveDeal = (d: { id: string; stage: string }): StepResult => ({
    outcome: 'next',
    port: 'done',
    patch: { variables: { [data.dealVariable]: { id: d.id, stage: d.stage } } },
  });
  switch (data.action) {
    case 'find_contact': {
      const phone = render(data.phone);
      // A campaign's call starts with the CRM contact its list row was linked to.
      const linked = render('{{crm_contact_id}}');
      // No number (a browser or test-console call): an unknown caller, not a CRM failure.
      if (!phone && !linked) return async () => ({ outcome: 'next', port: 'not_found' });
      return async (crm, signal) => {
        const found = await crm.findContact({ phone, ...(linked ? { contactId: linked } : {}), signal });
        return found ? saveContact(found, 'found') : { outcome: 'next', port: 'not_found' };
      };
    }
    case 'upsert_contact': {
      const phone = render(data.phone);
      const email = render(data.email);
      const name = render(data.name);
      const company = render(data.company);
      if (!contactId && !phone && !email) return 'a contact needs a phone, an email or an existing contact';
      return async (crm, signal) =>
        saveContact(
          await crm.upsertContact({
            ...(contactId ? { contactId } : {}),
            ...(phone ? { phone } : {}),
            ...(email ? { email } : {}),
            ...(name ? { name } : {}),
            ...(company ? { company } : {}),
            signal,
          }),
          'done',
        );
    }
    case 'create_deal': {
      const title = render(data.text);
      if (!title) return 'a deal needs a title';
      const amountText = render(data.amount).replace(',', '.').replace(/\s/g, '');
      const amount = amountText ? Number(amountText) : undefined;
      if (amount !== undefined && !Number.isFinite(amount)) return `"${amountText}" is not an amount`;
      const stage = render(data.stage);
      return async (crm, signal) =>
        saveDeal(
          await crm.createDeal({
            title,
            ...(contactId ? { contactId } : {}),
            ...(amount !== undefined ? { amount } : {}),
            ...(stage ? { stage } : {}),
            signal,
          }),
        );
    }
    case 'move_deal': {
      const dealId = render(data.dealId);
      const stage = render(data.stage);
      if (!dealId || !stage) return 'moving a deal needs the deal and the stage';
      return async (crm, signal) => saveDeal(await crm.moveDeal({ dealId, stage, signal }));
    }
    case 'add_note':
    case 'create_task': {
      const text = render(data.text);
      if (!contactId) return 'no contact: find or create one first';
      if (!text) return 'the text is empty';
      return async (crm, signal) => {
        if (data.action === 'add_note') await crm.addNote({ contactId, text, signal });
        else {
          const dueAt = new Date(ctx.ports.clock.now() + data.dueInHours * 3_600_000).toISOString();
          await crm.createTask({ contactId, title: text, dueAt, signal });
        }
        return { outcome: 'next', port: 'done' };
      };
    }
  }
}

export const handleCrm: NodeHandler<CrmData> = async (node, ctx) => {
  const crm = node.data.connection ? ctx.ports.crmConnection?.(node.data.connection) : ctx.ports.crm;
  if (!crm) return failed(node.id, 'no CRM is connected to this call');
  const run = actionOf(node.data, ctx, node.id);
  if (typeof run === 'string') return failed(node.id, run);
  const result = await callWithTimeout(
    node.data.timeoutMs ?? ctx.flow.flow.settings.providerTimeoutMs,
    (signal) => run(crm, signal),
  );
  return result.ok ? result.value : failed(node.id, `${node.data.action} ${result.reason}: ${result.error}`);
};
