import { exportContact } from '~/.server/crm/contact-privacy.server';
import { projectApiLoader } from '~/.server/http/api-route';
import { MISSING } from '~/.server/http/missing';

/** Everything stored about one person, as JSON (a 152-FZ subject request); audited. */
export const loader = projectApiLoader(
  { permission: 'crm.edit', ids: { contactId: MISSING.contact } },
  async ({ ctx, ids }) => {
    const data = await exportContact(ctx, ids.contactId);
    return Response.json(data, {
      headers: {
        'Content-Disposition': `attachment; filename="contact-${ids.contactId}.json"`,
        'Cache-Control': 'no-store',
      },
    });
  },
);
