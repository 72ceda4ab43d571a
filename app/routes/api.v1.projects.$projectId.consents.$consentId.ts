import { revokeConsent } from '~/.server/compliance/consents.server';
import { projectApiAction } from '~/.server/http/api-route';
import { MISSING } from '~/.server/http/missing';

/** DELETE revokes the consent (the record stays, marked revoked). */
export const action = projectApiAction(
  { permission: 'campaigns.manage', ids: { consentId: MISSING.consent } },
  { DELETE: async ({ ctx, ids }) => Response.json(await revokeConsent(ctx, ids.consentId)) },
);
