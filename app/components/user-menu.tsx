import { Link, useSubmit } from '@remix-run/react';
import { useT } from '~/i18n';
import { ChevronsUpDownIcon, LogOutIcon, SettingsIcon } from './icons';
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from './ui/dropdown-menu';

export interface UserMenuProps {
  user: { email: string; name: string | null };
  /** Where "Sign out" posts. */
  signOutAction?: string;
  settingsHref?: string;
  /** Where "Sign out everywhere" posts (every session of the user, on every device). */
  signOutEverywhereAction?: string;
}

function initials(user: UserMenuProps['user']): string {
  const source = user.name?.trim() || user.email;
  const parts = source.split(/[\s@._-]+/).filter(Boolean);
  return ((parts[0]?.[0] ?? '') + (user.name ? (parts[1]?.[0] ?? '') : '')).toUpperCase() || '?';
}

export function UserMenu({
  user,
  signOutAction = '/auth/logout',
  settingsHref,
  signOutEverywhereAction = '/auth/logout-all',
}: UserMenuProps) {
  const t = useT();
  const submit = useSubmit();
  return (
    <>
      <DropdownMenu>
        <DropdownMenuTrigger
          // Named by what it shows, after its purpose (WCAG 2.5.3: a voice user says the words they see).
          className="flex w-full cursor-pointer items-center gap-2.5 rounded-control p-1.5 text-left transition-colors hover:bg-surface-hover focus-visible:outline-2 focus-visible:outline-ring data-[state=open]:bg-surface-hover"
        >
          <span
            aria-hidden
            translate="no"
            className="flex size-7 shrink-0 items-center justify-center rounded-full bg-brand-subtle text-xs font-semibold text-brand-subtle-fg"
          >
            {initials(user)}
          </span>
          <span className="min-w-0 flex-1">
            <span className="sr-only">{t('userMenu.label')}: </span>
            <span className="block truncate text-sm font-medium text-fg">{user.name ?? user.email}</span>
            {user.name && <span className="block truncate text-xs text-fg-subtle">{user.email}</span>}
          </span>
          <ChevronsUpDownIcon className="shrink-0 text-fg-subtle" />
        </DropdownMenuTrigger>
        <DropdownMenuContent side="top" align="start" className="w-(--radix-dropdown-menu-trigger-width)">
          <DropdownMenuLabel>
            {t('userMenu.signedInAs')}
            <span className="block truncate text-sm font-medium text-fg">{user.email}</span>
          </DropdownMenuLabel>
          <DropdownMenuSeparator />
          {settingsHref && (
            <DropdownMenuItem asChild icon={<SettingsIcon />}>
              <Link to={settingsHref}>{t('userMenu.settings')}</Link>
            </DropdownMenuItem>
          )}
          {/* Submit on select: the menu unmounts its items as it closes, before a native click would submit. */}
          <DropdownMenuItem
            tone="danger"
            icon={<LogOutIcon />}
            onSelect={() => submit(null, { method: 'post', action: signOutAction })}
          >
            {t('userMenu.signOut')}
          </DropdownMenuItem>
          <DropdownMenuItem
            tone="danger"
            icon={<LogOutIcon />}
            onSelect={() => submit(null, { method: 'post', action: signOutEverywhereAction })}
          >
            {t('session.signOutEverywhere')}
          </DropdownMenuItem>
        </DropdownMenuContent>
      </DropdownMenu>
    </>
  );
}
