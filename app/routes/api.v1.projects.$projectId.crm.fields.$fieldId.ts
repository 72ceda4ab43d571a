import { deleteField } from '~/.server/crm/fields.server';
import { projectApiAction } from '~/.server/http/api-route';
import { MISSING } from '~/.server/http/missing';

/** DELETE removes a custom field's definition (stored values stay until the record is next edited). */
export const action = projectApiAction(
  { permission: 'crm.edit', ids: { fieldId: MISSING.crmField } },
  {
    DELETE: async ({ ctx, ids }) => {
      await deleteField(ctx, ids.fieldId);
      return new Response(null, { status: 204 });
    },
  },
);
