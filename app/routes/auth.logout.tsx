import { redirect, type ActionFunctionArgs } from '@remix-run/node';
import { signOut } from '~/.server/auth/refresh-session.server';
import { publicRoute } from '~/.server/http/route-guard';

export const action = publicRoute(async ({ request }: ActionFunctionArgs) => {
  const headers = new Headers();
  for (const c of await signOut(request)) headers.append('Set-Cookie', c);
  return redirect('/login', { headers });
});

export const loader = publicRoute(() => redirect('/app'));
