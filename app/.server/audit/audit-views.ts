// What the audit log API answers: AuditEntryView as JSON (documented in the OpenAPI file).
import { z } from 'zod';
import { isoDateTime } from '../api/api-schemas.ts';

export const auditEntryView = z
  .object({
    id: z.string(),
    action: z.string(),
    actorUserId: z.string().nullable(),
    actorType: z.string(),
    actorLabel: z.string().nullable().describe("The actor's email (users) or key name (API keys)"),
    targetType: z.string().nullable(),
    targetId: z.string().nullable(),
    diff: z.unknown(),
    ip: z.string().nullable(),
    userAgent: z.string().nullable(),
    createdAt: isoDateTime,
  })
  .meta({ id: 'AuditEntry' });

export const auditPage = z.object({
  entries: z.array(auditEntryView),
  nextCursor: z.string().nullable().describe('null at the end'),
});
