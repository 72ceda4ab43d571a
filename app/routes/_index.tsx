import type { RouteGuard } from '~/.server/access/permissions';
import { redirect } from '@remix-run/node';

export const guard: RouteGuard = 'public';

export function loader() {
  return redirect('/login');
}
