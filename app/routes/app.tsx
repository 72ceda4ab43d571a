import type { LoaderFunctionArgs } from '@remix-run/node';
import { Outlet, useLoaderData } from '@remix-run/react';
import { BookIcon, BotIcon, HashIcon, PhoneIcon, SettingsIcon } from '~/components/icons';
import { AppShell } from '~/components/ui/app-shell';
import type { NavItem } from '~/components/ui/sidebar-nav';
import { UserMenu } from '~/components/user-menu';
import { useT } from '~/i18n';
import { requireUser } from '~/.server/auth/session.server';

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return { user: { id: user.id, email: user.email, name: user.name } };
}

export default function AppLayout() {
  const { user } = useLoaderData<typeof loader>();
  const t = useT();
  const navItems: NavItem[] = [
    { to: '/app/agents', label: t('nav.agents'), icon: <BotIcon /> },
    { to: '/app/calls', label: t('nav.calls'), icon: <PhoneIcon /> },
    { to: '/app/knowledge', label: t('nav.knowledge'), icon: <BookIcon /> },
    { to: '/app/numbers', label: t('nav.numbers'), icon: <HashIcon /> },
    { to: '/app/settings', label: t('nav.settings'), icon: <SettingsIcon /> },
  ];
  return (
    <AppShell navItems={navItems} homeHref="/app" userMenu={<UserMenu user={user} />}>
      <Outlet />
    </AppShell>
  );
}
