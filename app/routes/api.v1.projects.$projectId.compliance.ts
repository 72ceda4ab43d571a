import { complianceSettingsInput } from '~/.server/compliance/compliance-rules';
import {
  getComplianceSettings,
  updateComplianceSettings,
} from '~/.server/compliance/compliance-settings.server';
import { jsonBody, projectApiAction, projectApiLoader } from '~/.server/http/api-route';

/** Quiet hours and caps every dial is checked against, with the preset's effective rules. */
export const loader = projectApiLoader({ permission: 'campaigns.read' }, async ({ access }) =>
  Response.json(await getComplianceSettings(access.projectId)),
);

export const action = projectApiAction(
  { permission: 'compliance.manage' },
  {
    PUT: async ({ request, ctx }) =>
      Response.json(await updateComplianceSettings(ctx, await jsonBody(request, complianceSettingsInput))),
  },
);
