import type { RouteGuard } from '~/.server/access/permissions';
import { redirect, type ActionFunctionArgs } from '@remix-run/node';
import { signOut } from '~/.server/auth/refresh-session.server';

export const guard: RouteGuard = 'public';

export async function action({ request }: ActionFunctionArgs) {
  const headers = new Headers();
  for (const c of await signOut(request)) headers.append('Set-Cookie', c);
  return redirect('/login', { headers });
}

export function loader() {
  return redirect('/app');
}
