import { Link } from '@remix-run/react';
import type { Role } from '~/.server/access/permissions';
import { useT } from '~/i18n';
import { CheckIcon, ChevronsUpDownIcon, PlusIcon } from '../icons';
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from '../ui/dropdown-menu';
import { RoleBadge } from './role-badge';

export interface SwitcherProject {
  id: string;
  name: string;
  role: Role;
}

/** The current project, and a menu to jump to another one or create a new one. */
export function ProjectSwitcher({
  current,
  projects,
}: {
  current: SwitcherProject;
  projects: SwitcherProject[];
}) {
  const t = useT();
  return (
    <DropdownMenu>
      <DropdownMenuTrigger
        // Named by what it shows, after its purpose (WCAG 2.5.3: a voice user says the words they see).
        className="flex w-full cursor-pointer items-center gap-2.5 rounded-control border border-border bg-surface p-2 text-left shadow-card transition-colors hover:bg-surface-hover focus-visible:outline-2 focus-visible:outline-ring"
      >
        <span
          aria-hidden
          className="flex size-7 shrink-0 items-center justify-center rounded-control bg-brand-subtle text-xs font-semibold text-brand-subtle-fg"
        >
          {current.name.slice(0, 1).toUpperCase()}
        </span>
        <span className="min-w-0 flex-1">
          <span className="sr-only">{t('projects.switcherLabel')}: </span>
          <span className="block truncate text-sm font-medium text-fg" data-testid="current-project">
            {current.name}
          </span>
          <span className="block text-xs text-fg-subtle">{t(`roles.${current.role}`)}</span>
        </span>
        <ChevronsUpDownIcon className="shrink-0 text-fg-subtle" />
      </DropdownMenuTrigger>
      <DropdownMenuContent align="start" className="w-64">
        <DropdownMenuLabel>{t('projects.switcherLabel')}</DropdownMenuLabel>
        {projects.map((p) => (
          <DropdownMenuItem
            key={p.id}
            asChild
            icon={p.id === current.id ? <CheckIcon /> : <span className="size-4" />}
          >
            <Link to={`/p/${p.id}`} className="flex items-center justify-between gap-2">
              <span className="truncate">{p.name}</span>
              <RoleBadge role={p.role} />
            </Link>
          </DropdownMenuItem>
        ))}
        <DropdownMenuSeparator />
        <DropdownMenuItem asChild icon={<span className="size-4" />}>
          <Link to="/projects">{t('projects.allProjects')}</Link>
        </DropdownMenuItem>
        <DropdownMenuItem asChild icon={<PlusIcon />}>
          <Link to="/projects#new">{t('projects.newProject')}</Link>
        </DropdownMenuItem>
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
