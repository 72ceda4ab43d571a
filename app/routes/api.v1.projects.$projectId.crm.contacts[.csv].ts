import { auditAs } from '~/.server/access/service-context';
import { contactsCsv } from '~/.server/crm/contacts-csv.server';
import { projectApiLoader } from '~/.server/http/api-route';
import { csvResponse } from '~/.server/http/csv-response';

/** Every contact as a streamed CSV (personal data: editors only, audited). */
export const loader = projectApiLoader({ permission: 'crm.edit' }, async ({ access, ctx }) => {
  await auditAs(ctx, { action: 'crm.contacts.export', targetType: 'crm_contact', diff: {} });
  return csvResponse(contactsCsv(access.projectId), 'contacts');
});
