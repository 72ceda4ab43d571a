import type { ActionFunctionArgs } from '@remix-run/node';
import { z } from 'zod';
import { parseJsonBody } from '~/.server/api/api-error';
import { signOut } from '~/.server/auth/refresh-session.server';
import { publicRoute } from '~/.server/http/route-guard';

const body = z.object({ refreshToken: z.string().max(200).optional() });

export const action = publicRoute(async ({ request }: ActionFunctionArgs) => {
  const parsed = await parseJsonBody(request, body);
  if (!parsed.ok) return parsed.response;
  const headers = new Headers();
  for (const c of await signOut(request, parsed.data.refreshToken)) headers.append('Set-Cookie', c);
  return new Response(null, { status: 204, headers });
});
