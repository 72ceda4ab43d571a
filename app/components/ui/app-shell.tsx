import { Link, useLocation } from '@remix-run/react';
import { Dialog as DialogPrimitive, VisuallyHidden } from 'radix-ui';
import { useEffect, useState, type ReactNode } from 'react';
import { useT } from '~/i18n';
import { CloseIcon, MenuIcon } from '../icons';
import { LanguageSwitch } from '../language-switch';
import { Logo } from '../logo';
import { SidebarNav, type NavItem } from './sidebar-nav';

export interface AppShellProps {
  navItems: readonly NavItem[];
  /** Where the logo links to. */
  homeHref?: string;
  /** Slot above the navigation, e.g. a project switcher. */
  projectSwitcher?: ReactNode;
  /** Slot at the bottom of the sidebar, e.g. <UserMenu />. */
  userMenu?: ReactNode;
  children: ReactNode;
}

function SidebarContent({
  navItems,
  homeHref,
  projectSwitcher,
  userMenu,
  onNavigate,
}: Omit<AppShellProps, 'children'> & { onNavigate?: () => void }) {
  const t = useT();
  return (
    <div className="flex h-full flex-col gap-4 px-3 py-4">
      <Link
        to={homeHref ?? '/'}
        onClick={onNavigate}
        className="self-start rounded-control px-1.5 py-1 focus-visible:outline-2 focus-visible:outline-ring"
      >
        <Logo />
      </Link>
      {projectSwitcher && <div>{projectSwitcher}</div>}
      <div className="min-h-0 flex-1 overflow-y-auto">
        <SidebarNav items={navItems} label={t('nav.main')} onNavigate={onNavigate} />
      </div>
      <div className="space-y-3 border-t border-border pt-3">
        <LanguageSwitch className="px-1.5" />
        {userMenu}
      </div>
    </div>
  );
}

/**
 * Application frame: a fixed sidebar on wide screens; below `md` a top bar whose menu button opens
 * the same sidebar as a focus-trapped drawer.
 */
export function AppShell({ children, ...sidebar }: AppShellProps) {
  const t = useT();
  const [drawerOpen, setDrawerOpen] = useState(false);
  const location = useLocation();

  useEffect(() => {
    setDrawerOpen(false);
  }, [location.pathname]);

  return (
    <div className="min-h-dvh bg-canvas">
      <aside className="fixed inset-y-0 left-0 hidden w-60 border-r border-border bg-surface-muted/60 md:block">
        <SidebarContent {...sidebar} />
      </aside>

      <DialogPrimitive.Root open={drawerOpen} onOpenChange={setDrawerOpen}>
        <header className="sticky top-0 z-30 flex h-14 items-center gap-3 border-b border-border bg-canvas/85 px-4 backdrop-blur md:hidden">
          <DialogPrimitive.Trigger
            aria-label={t('common.openMenu')}
            className="-ml-1.5 rounded-control p-1.5 text-fg-muted transition-colors hover:bg-surface-hover hover:text-fg focus-visible:outline-2 focus-visible:outline-ring"
          >
            <MenuIcon size={20} />
          </DialogPrimitive.Trigger>
          <Link
            to={sidebar.homeHref ?? '/'}
            className="rounded-control focus-visible:outline-2 focus-visible:outline-ring"
          >
            <Logo />
          </Link>
        </header>
        <DialogPrimitive.Portal>
          <DialogPrimitive.Overlay className="fixed inset-0 z-40 animate-fade-in bg-black/40 md:hidden" />
          <DialogPrimitive.Content
            aria-describedby={undefined}
            className="fixed inset-y-0 left-0 z-50 w-72 max-w-[85vw] animate-slide-in-left border-r border-border bg-surface shadow-overlay focus:outline-none md:hidden"
          >
            <VisuallyHidden.Root>
              <DialogPrimitive.Title>{t('nav.main')}</DialogPrimitive.Title>
            </VisuallyHidden.Root>
            <DialogPrimitive.Close
              aria-label={t('common.closeMenu')}
              className="absolute top-4 right-3 rounded-control p-1.5 text-fg-subtle transition-colors hover:bg-surface-hover hover:text-fg focus-visible:outline-2 focus-visible:outline-ring"
            >
              <CloseIcon />
            </DialogPrimitive.Close>
            <SidebarContent {...sidebar} onNavigate={() => setDrawerOpen(false)} />
          </DialogPrimitive.Content>
        </DialogPrimitive.Portal>
      </DialogPrimitive.Root>

      <main className="md:pl-60">
        <div className="mx-auto w-full max-w-6xl px-4 py-6 sm:px-6 md:px-10 md:py-10">{children}</div>
      </main>
    </div>
  );
}
