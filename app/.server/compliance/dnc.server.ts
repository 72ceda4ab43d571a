/**
 * Do-not-call lists per project: numbers added by hand, by import, over the API or by the caller asking during
 * a call ("не звоните мне больше"). Every dial checks the list at the moment of dialling.
 */
import { z } from 'zod';
import { auditAs, type ServiceContext } from '../access/service-context.ts';
import { db, type Db } from '../db.ts';
import { ServiceError } from '../errors/service-error.ts';
import { normalisePhone } from './phone-number.ts';

export const DNC_SOURCES = ['manual', 'import', 'call', 'api', 'opt_out'] as const;

export const addDncInput = z.object({
  phone: z.string().trim().min(1, 'Enter a number').max(40),
  reason: z.string().trim().max(500).default(''),
});
export const importDncInput = z.object({
  phones: z.array(z.string().max(40)).min(1).max(100_000),
  reason: z.string().trim().max(500).default(''),
});

export const dncQuery = z.object({
  q: z.string().max(40).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});

export interface DncEntryView {
  id: string;
  phone: string;
  reason: string;
  source: string;
  addedBy: string;
  createdAt: Date;
}

const view = (r: DncEntryView): DncEntryView => ({
  id: r.id,
  phone: r.phone,
  reason: r.reason,
  source: r.source,
  addedBy: r.addedBy,
  createdAt: r.createdAt,
});

const actorLabel = (ctx: ServiceContext): string =>
  ctx.access.user?.email ?? (ctx.access.actor.type === 'api_key' ? 'API key' : '');

export async function listDnc(
  projectId: string,
  opts: { q?: string; limit?: number } = {},
): Promise<{ entries: DncEntryView[]; total: number }> {
  const where = { projectId, ...(opts.q ? { phone: { contains: opts.q.replace(/[^\d+]/g, '') } } : {}) };
  const [rows, total] = await Promise.all([
    db().dncEntry.findMany({ where, orderBy: { createdAt: 'desc' }, take: opts.limit ?? 200 }),
    db().dncEntry.count({ where }),
  ]);
  return { entries: rows.map(view), total };
}

export async function addDnc(
  ctx: ServiceContext,
  input: z.infer<typeof addDncInput>,
  source: (typeof DNC_SOURCES)[number] = 'manual',
): Promise<DncEntryView> {
  const phone = normalisePhone(input.phone);
  if (!phone.ok)
    throw new ServiceError(400, 'validation_failed', 'Not a phone number.', {
      phone: ['Not a phone number'],
    });
  const row = await db().dncEntry.upsert({
    where: { projectId_phone: { projectId: ctx.access.projectId, phone: phone.e164 } },
    create: {
      projectId: ctx.access.projectId,
      phone: phone.e164,
      reason: input.reason,
      source,
      addedById: ctx.access.user?.id ?? null,
      addedBy: actorLabel(ctx),
    },
    update: {},
  });
  await auditAs(ctx, {
    action: 'dnc.add',
    targetType: 'dnc_entry',
    targetId: row.id,
    diff: { after: { phone: row.phone } },
  });
  return view(row);
}

export async function importDnc(
  ctx: ServiceContext,
  input: z.infer<typeof importDncInput>,
): Promise<{ added: number; invalid: string[] }> {
  const invalid: string[] = [];
  const phones = new Set<string>();
  for (const raw of input.phones) {
    const p = normalisePhone(raw);
    if (p.ok) phones.add(p.e164);
    else invalid.push(raw);
  }
  const result = await db().dncEntry.createMany({
    data: [...phones].map((phone) => ({
      projectId: ctx.access.projectId,
      phone,
      reason: input.reason,
      source: 'import',
      addedById: ctx.access.user?.id ?? null,
      addedBy: actorLabel(ctx),
    })),
    skipDuplicates: true,
  });
  await auditAs(ctx, {
    action: 'dnc.import',
    targetType: 'project',
    targetId: ctx.access.projectId,
    diff: { after: { added: result.count } },
  });
  return { added: result.count, invalid };
}

export async function removeDnc(ctx: ServiceContext, id: string): Promise<void> {
  const row = await db().dncEntry.findFirst({ where: { id, projectId: ctx.access.projectId } });
  if (!row) throw new ServiceError(404, 'dnc_entry_not_found', 'No such do-not-call entry in this project.');
  await db().dncEntry.delete({ where: { id } });
  await auditAs(ctx, {
    action: 'dnc.remove',
    targetType: 'dnc_entry',
    targetId: id,
    diff: { before: { phone: row.phone } },
  });
}

/**
 * The caller asked not to be called again (the global handler's tool): the number joins the list with the call
 * as its reason. Called by the media server's tool port, which has no user: the source says who.
 */
export async function addDncFromCall(
  client: Db,
  projectId: string,
  phone: string,
  callId: string,
): Promise<boolean> {
  const p = normalisePhone(phone);
  if (!p.ok) return false;
  await client.dncEntry.upsert({
    where: { projectId_phone: { projectId, phone: p.e164 } },
    create: {
      projectId,
      phone: p.e164,
      reason: `Asked during call ${callId}`,
      source: 'call',
      addedBy: 'caller',
    },
    update: {},
  });
  return true;
}
