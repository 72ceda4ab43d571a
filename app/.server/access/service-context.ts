import { appendAudit, type AuditEntry } from '../audit/audit-log.server.ts';
import { clientInfo } from '../auth/client-info.server.ts';
import { db } from '../db.ts';
import type { ProjectAccess } from './project-access.server.ts';

/** What a project service call needs to know about who asks, and from where (for the audit log). */
export interface ServiceContext {
  access: ProjectAccess;
  client: { ip: string; userAgent: string };
}

export function serviceContext(request: Request, access: ProjectAccess): ServiceContext {
  return { access, client: clientInfo(request) };
}

/** Appends an audit entry for a project service call: project, actor and client filled in from the context. */
export function auditAs(
  ctx: ServiceContext,
  entry: Pick<AuditEntry, 'action' | 'targetType' | 'targetId' | 'diff'>,
): Promise<void> {
  const { access, client } = ctx;
  return appendAudit(db(), {
    projectId: access.projectId,
    actorUserId: access.actor.id,
    actorType: access.actor.type,
    ip: client.ip,
    userAgent: client.userAgent,
    ...entry,
  });
}
