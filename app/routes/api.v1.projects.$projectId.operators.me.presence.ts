import { presenceInput } from '~/.server/handoffs/handoff-input';
import { getPresence, setPresence } from '~/.server/handoffs/operators.server';
import { jsonBody, projectApiAction, projectApiLoader } from '~/.server/http/api-route';

/** The signed-in operator's presence and skills. */
export const loader = projectApiLoader({ permission: 'handoffs.handle' }, async ({ access }) =>
  Response.json(await getPresence(access)),
);

/** PUT sets online, away or offline (offered, busy and wrap-up are set by the system). */
export const action = projectApiAction(
  { permission: 'handoffs.handle' },
  {
    PUT: async ({ request, ctx }) =>
      Response.json(await setPresence(ctx, await jsonBody(request, presenceInput))),
  },
);
