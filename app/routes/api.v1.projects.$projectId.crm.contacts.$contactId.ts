import { eraseContact } from '~/.server/crm/contact-privacy.server';
import { getContact, updateContact } from '~/.server/crm/contacts.server';
import { contactPatch } from '~/.server/crm/crm-inputs';
import { jsonBody, projectApiAction, projectApiLoader } from '~/.server/http/api-route';
import { MISSING } from '~/.server/http/missing';

const ids = { contactId: MISSING.contact };

export const loader = projectApiLoader({ permission: 'crm.read', ids }, async ({ access, ids }) =>
  Response.json({ contact: await getContact(access.projectId, ids.contactId) }),
);

/** PATCH changes the contact; DELETE erases it and its traces in call records (152-FZ), audited. */
export const action = projectApiAction(
  { permission: 'crm.edit', ids },
  {
    PATCH: async ({ request, ctx, access, ids }) =>
      Response.json({
        contact: await updateContact(
          ctx,
          access.projectId,
          ids.contactId,
          await jsonBody(request, contactPatch),
        ),
      }),
    DELETE: async ({ ctx, ids }) =>
      Response.json({ erased: true, ...(await eraseContact(ctx, ids.contactId)) }),
  },
);
