import type { RouteGuard } from '~/.server/access/permissions';
import type { LoaderFunctionArgs } from '@remix-run/node';
import { Outlet, useLoaderData } from '@remix-run/react';
import { HomeIcon } from '~/components/icons';
import { AppShell } from '~/components/ui/app-shell';
import type { NavItem } from '~/components/ui/sidebar-nav';
import { UserMenu } from '~/components/user-menu';
import { useT } from '~/i18n';
import { requireUser } from '~/.server/auth/session.server';

export const guard: RouteGuard = 'signed-in';

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return { user: { id: user.id, email: user.email, name: user.name } };
}

export default function AppLayout() {
  const { user } = useLoaderData<typeof loader>();
  const t = useT();
  // Only screens that exist are offered; each feature adds its own entry when it lands.
  const navItems: NavItem[] = [{ to: '/app', label: t('nav.home'), icon: <HomeIcon />, end: true }];
  return (
    <AppShell navItems={navItems} homeHref="/app" userMenu={<UserMenu user={user} />}>
      <Outlet />
    </AppShell>
  );
}
