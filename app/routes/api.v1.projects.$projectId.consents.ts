import {
  addConsent,
  addConsentInput,
  consentQuery,
  listConsents,
} from '~/.server/compliance/consents.server';
import { jsonBody, projectApiAction, projectApiLoader, queryInput } from '~/.server/http/api-route';

/** The consent ledger, newest first; `?phone=` for one number. */
export const loader = projectApiLoader({ permission: 'campaigns.read' }, async ({ request, access }) =>
  Response.json(await listConsents(access.projectId, queryInput(request, consentQuery))),
);

/** POST records a consent with where it was given. */
export const action = projectApiAction(
  { permission: 'campaigns.manage' },
  {
    POST: async ({ request, ctx }) =>
      Response.json(await addConsent(ctx, await jsonBody(request, addConsentInput)), { status: 201 }),
  },
);
