import { Prisma } from '../../../prisma/generated/prisma/client.ts';
import { isUuid } from '../access/project-access.server.ts';
import { auditAs, type ServiceContext } from '../access/service-context.ts';
import { ServiceError } from '../errors/service-error.ts';
import { db } from '../db.ts';
import { fieldNotFound } from './crm-errors.ts';
import type { FieldInput } from './crm-inputs.ts';
import { toFieldView, type FieldView } from './crm-views.ts';

export async function listFields(projectId: string): Promise<FieldView[]> {
  const rows = await db().crmField.findMany({
    where: { projectId },
    orderBy: [{ entity: 'asc' }, { position: 'asc' }],
  });
  return rows.map(toFieldView);
}

export async function createField(ctx: ServiceContext, input: FieldInput): Promise<FieldView> {
  const { projectId } = ctx.access;
  if (input.type === 'select' && input.options.length === 0)
    throw new ServiceError(400, 'validation_failed', 'Some fields are invalid.', {
      options: ['a choice needs options'],
    });
  const position = await db().crmField.count({ where: { projectId, entity: input.entity } });
  try {
    const row = await db().crmField.create({ data: { projectId, ...input, position } });
    await auditAs(ctx, {
      action: 'crm.field.create',
      targetType: 'crm_field',
      targetId: row.id,
      diff: { after: { key: row.key } },
    });
    return toFieldView(row);
  } catch (e) {
    if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === 'P2002')
      throw new ServiceError(409, 'field_key_taken', 'A field with this key exists.', { key: ['is taken'] });
    throw e;
  }
}

/** Removes the definition; values already stored stay in the records until they are next edited. */
export async function deleteField(ctx: ServiceContext, fieldId: string): Promise<void> {
  const { projectId } = ctx.access;
  if (!isUuid(fieldId)) throw fieldNotFound();
  const before = await db().crmField.findFirst({ where: { id: fieldId, projectId } });
  if (!before) throw fieldNotFound();
  await db().crmField.delete({ where: { id: before.id } });
  await auditAs(ctx, {
    action: 'crm.field.delete',
    targetType: 'crm_field',
    targetId: before.id,
    diff: { before: { key: before.key } },
  });
}
