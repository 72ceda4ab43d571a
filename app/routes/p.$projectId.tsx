import { Outlet, useLoaderData, useMatches } from '@remix-run/react';
import { ProjectSwitcher } from '~/components/access/project-switcher';
import {
  BookIcon,
  WrenchIcon,
  BotIcon,
  GlobeIcon,
  HashIcon,
  HomeIcon,
  InboxIcon,
  LockIcon,
  PhoneIcon,
  SettingsIcon,
  UserIcon,
  WaveformIcon,
} from '~/components/icons';
import { AppShell } from '~/components/ui/app-shell';
import type { NavItem } from '~/components/ui/sidebar-nav';
import { UserMenu } from '~/components/user-menu';
import { useT } from '~/i18n';
import { can, permissionsOf } from '~/.server/access/permissions';
import { disabledWebhookUrls } from '~/.server/webhooks/webhooks.server';
import { DisabledWebhooksNotice } from '~/components/monitor/disabled-webhooks-notice';
import { rememberOpenedProject, userProjects } from '~/.server/access/user-projects.server';
import { projectLoader } from '~/.server/http/project-route';

export const loader = projectLoader({ permission: 'project.read' }, async ({ access, user }) => {
  const [projects, disabledWebhooks] = await Promise.all([
    userProjects(user.id),
    // Admins and owners learn here that an endpoint was stopped after a day of failures (issue 19).
    can(access.role, 'project.update') ? disabledWebhookUrls(access.projectId) : [],
    // Remembered so the next sign-in opens this project again.
    rememberOpenedProject(user.id, access.projectId),
  ]);
  return {
    user: { id: user.id, email: user.email, name: user.name },
    project: { id: access.projectId, name: access.projectName, role: access.role },
    permissions: permissionsOf(access.role),
    projects,
    disabledWebhooks,
  };
});

export type ProjectLayoutData = Awaited<ReturnType<typeof loader>>;

export default function ProjectLayout() {
  const { user, project, permissions, projects, disabledWebhooks } = useLoaderData<typeof loader>();
  const t = useT();
  const matches = useMatches();
  const base = `/p/${project.id}`;
  // Only what the role may use is offered; the server refuses the rest all the same.
  const navItems: NavItem[] = [
    { to: base, label: t('nav.home'), icon: <HomeIcon />, end: true },
    ...(permissions.includes('agents.read')
      ? [{ to: `${base}/agents`, label: t('nav.agents'), icon: <BotIcon /> }]
      : []),
    ...(permissions.includes('calls.read')
      ? [{ to: `${base}/inbox`, label: t('inbox.nav'), icon: <PhoneIcon /> }]
      : []),
    ...(permissions.includes('calls.monitor')
      ? [{ to: `${base}/monitor`, label: t('monitor.nav'), icon: <WaveformIcon /> }]
      : []),
    ...(permissions.includes('handoffs.handle')
      ? [{ to: `${base}/operator`, label: t('operator.nav'), icon: <PhoneIcon /> }]
      : []),
    ...(permissions.includes('crm.read')
      ? [{ to: `${base}/crm`, label: t('crm.nav'), icon: <UserIcon /> }]
      : []),
    ...(permissions.includes('telephony.read')
      ? [{ to: `${base}/numbers`, label: t('telephony.nav'), icon: <HashIcon /> }]
      : []),
    ...(permissions.includes('telephony.read')
      ? [{ to: `${base}/queues`, label: t('queues.nav'), icon: <UserIcon /> }]
      : []),
    ...(permissions.includes('campaigns.read')
      ? [{ to: `${base}/campaigns`, label: t('campaigns.nav'), icon: <WaveformIcon /> }]
      : []),
    ...(permissions.includes('campaigns.read')
      ? [{ to: `${base}/messages`, label: t('messaging.nav'), icon: <InboxIcon /> }]
      : []),
    ...(permissions.includes('knowledge.read')
      ? [{ to: `${base}/knowledge`, label: t('nav.knowledge'), icon: <BookIcon /> }]
      : []),
    ...(permissions.includes('agents.read')
      ? [{ to: `${base}/tools`, label: t('tools.nav'), icon: <WrenchIcon /> }]
      : []),
    ...(permissions.includes('crm.read')
      ? [{ to: `${base}/integrations`, label: t('integrations.nav'), icon: <GlobeIcon /> }]
      : []),
    ...(permissions.includes('members.read')
      ? [{ to: `${base}/members`, label: t('nav2.members'), icon: <UserIcon /> }]
      : []),
    ...(permissions.includes('apiKeys.manage')
      ? [{ to: `${base}/api-keys`, label: t('nav2.apiKeys'), icon: <LockIcon /> }]
      : []),
    ...(permissions.includes('audit.read')
      ? [{ to: `${base}/audit`, label: t('nav2.audit'), icon: <InboxIcon /> }]
      : []),
    ...(permissions.includes('project.update')
      ? [{ to: `${base}/webhooks`, label: t('webhooks.nav'), icon: <GlobeIcon /> }]
      : []),
    ...(permissions.includes('project.update')
      ? [{ to: `${base}/settings`, label: t('nav2.settings'), icon: <SettingsIcon /> }]
      : []),
  ];
  // Full-window screens (the studio canvas) bring their own header.
  if (matches.some((m) => (m.handle as { fullscreen?: boolean } | undefined)?.fullscreen)) return <Outlet />;
  return (
    <AppShell
      navItems={navItems}
      homeHref={base}
      projectSwitcher={<ProjectSwitcher current={project} projects={projects} />}
      userMenu={<UserMenu user={user} />}
    >
      <DisabledWebhooksNotice webhooks={disabledWebhooks} href={`${base}/webhooks`} />
      <Outlet />
    </AppShell>
  );
}
