import { redirect } from '@remix-run/node';
import { signOutEverywhere } from '~/.server/auth/refresh-session.server';
import { userAction, userLoader } from '~/.server/http/project-route';

/** "Sign out everywhere" from the user menu: every session of the user ends, on every device. */
export const action = userAction(async ({ request, user }) => {
  const headers = new Headers();
  for (const c of await signOutEverywhere(request, user.id)) headers.append('Set-Cookie', c);
  return redirect('/login', { headers });
});

export const loader = userLoader(() => redirect('/app'));
