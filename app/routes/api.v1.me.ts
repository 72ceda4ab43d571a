import { userApiLoader } from '~/.server/http/api-route';

/** The signed-in person (API keys are machines and get 403 here). */
export const loader = userApiLoader(({ user }) =>
  Response.json(user, { headers: { 'Cache-Control': 'no-store' } }),
);
