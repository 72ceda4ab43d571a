/**
 * The consent ledger (38-ФЗ advertising, 41-ФЗ mass calls): the evidence that a subscriber agreed — source,
 * time, text version, channel. A campaign that requires consent calls only numbers with an unrevoked record.
 */
import { z } from 'zod';
import { auditAs, type ServiceContext } from '../access/service-context.ts';
import { db } from '../db.ts';
import { ServiceError } from '../errors/service-error.ts';
import { normalisePhone } from './phone-number.ts';

export const addConsentInput = z.object({
  phone: z.string().trim().min(1).max(40),
  channel: z.enum(['voice', 'sms', 'messenger', 'email']).default('voice'),
  /** Where it was given: a web form's URL, a contract number, a recorded call's id. */
  source: z.string().trim().min(1, 'Say where the consent was given').max(500),
  textVersion: z.string().trim().max(100).default(''),
  grantedAt: z.coerce.date().optional(),
});

export const consentQuery = z.object({ phone: z.string().max(40).optional() });

export interface ConsentView {
  id: string;
  phone: string;
  channel: string;
  source: string;
  textVersion: string;
  grantedAt: Date;
  revokedAt: Date | null;
}

const view = (r: ConsentView): ConsentView => ({
  id: r.id,
  phone: r.phone,
  channel: r.channel,
  source: r.source,
  textVersion: r.textVersion,
  grantedAt: r.grantedAt,
  revokedAt: r.revokedAt,
});

export async function listConsents(projectId: string, query: z.infer<typeof consentQuery>) {
  const phone = query.phone ? normalisePhone(query.phone) : null;
  const rows = await db().consentRecord.findMany({
    where: { projectId, ...(phone?.ok ? { phone: phone.e164 } : {}) },
    orderBy: { grantedAt: 'desc' },
    take: 500,
  });
  return { consents: rows.map(view) };
}

export async function addConsent(
  ctx: ServiceContext,
  input: z.infer<typeof addConsentInput>,
): Promise<ConsentView> {
  const phone = normalisePhone(input.phone);
  if (!phone.ok)
    throw new ServiceError(400, 'validation_failed', 'Not a phone number.', {
      phone: ['Not a phone number'],
    });
  const row = await db().consentRecord.create({
    data: {
      projectId: ctx.access.projectId,
      phone: phone.e164,
      channel: input.channel,
      source: input.source,
      textVersion: input.textVersion,
      grantedAt: input.grantedAt ?? new Date(),
    },
  });
  await auditAs(ctx, {
    action: 'consent.add',
    targetType: 'consent',
    targetId: row.id,
    diff: { after: { phone: row.phone, source: row.source } },
  });
  return view(row);
}

/** Revoking keeps the record (it is evidence of what was true before) and marks it. */
export async function revokeConsent(ctx: ServiceContext, id: string): Promise<ConsentView> {
  const row = await db().consentRecord.findFirst({ where: { id, projectId: ctx.access.projectId } });
  if (!row) throw new ServiceError(404, 'consent_not_found', 'No such consent record in this project.');
  const updated = await db().consentRecord.update({
    where: { id },
    data: { revokedAt: row.revokedAt ?? new Date() },
  });
  await auditAs(ctx, {
    action: 'consent.revoke',
    targetType: 'consent',
    targetId: id,
    diff: { after: { revoked: true } },
  });
  return view(updated);
}
