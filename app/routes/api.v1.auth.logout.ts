import type { ActionFunctionArgs } from '@remix-run/node';
import { parseJsonBody } from '~/.server/api/api-error';
import { signOutInput } from '~/.server/auth/auth-schemas';
import { signOut } from '~/.server/auth/refresh-session.server';
import { publicRoute } from '~/.server/http/route-guard';

export const action = publicRoute(async ({ request }: ActionFunctionArgs) => {
  const parsed = await parseJsonBody(request, signOutInput);
  if (!parsed.ok) return parsed.response;
  const headers = new Headers();
  for (const c of await signOut(request, parsed.data.refreshToken)) headers.append('Set-Cookie', c);
  return new Response(null, { status: 204, headers });
});
