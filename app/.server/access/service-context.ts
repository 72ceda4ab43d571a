import { clientInfo } from '../auth/client-info.server.ts';
import type { ProjectAccess } from './project-access.server.ts';

/** What a project service call needs to know about who asks, and from where (for the audit log). */
export interface ServiceContext {
  access: ProjectAccess;
  client: { ip: string; userAgent: string };
}

export function serviceContext(request: Request, access: ProjectAccess): ServiceContext {
  return { access, client: clientInfo(request) };
}
