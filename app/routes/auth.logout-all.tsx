import type { RouteGuard } from '~/.server/access/permissions';
import { redirect, type ActionFunctionArgs } from '@remix-run/node';
import { signOutEverywhere } from '~/.server/auth/refresh-session.server';
import { requireUser } from '~/.server/auth/session.server';

export const guard: RouteGuard = 'signed-in';

/** "Sign out everywhere" from the user menu: every session of the user ends, on every device. */
export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const headers = new Headers();
  for (const c of await signOutEverywhere(request, user.id)) headers.append('Set-Cookie', c);
  return redirect('/login', { headers });
}

export function loader() {
  return redirect('/app');
}
