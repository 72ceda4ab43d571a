import { NavLink } from '@remix-run/react';
import type { ReactNode } from 'react';
import { cn } from './cn';

export interface NavItem {
  to: string;
  label: string;
  icon: ReactNode;
  /** Match the path exactly (for index routes). */
  end?: boolean;
}

export function SidebarNav({
  items,
  label,
  onNavigate,
}: {
  items: readonly NavItem[];
  label: string;
  onNavigate?: () => void;
}) {
  return (
    <nav aria-label={label}>
      <ul className="space-y-0.5">
        {items.map((item) => (
          <li key={item.to}>
            <NavLink
              to={item.to}
              end={item.end}
              prefetch="intent"
              onClick={onNavigate}
              className={({ isActive }) =>
                cn(
                  'group flex h-8 items-center gap-2.5 rounded-control px-2.5 text-sm font-medium transition-colors focus-visible:outline-2 focus-visible:outline-ring',
                  isActive
                    ? 'bg-surface-hover text-fg'
                    : 'text-fg-muted hover:bg-surface-hover/70 hover:text-fg',
                )
              }
            >
              {({ isActive }) => (
                <>
                  <span
                    className={cn(
                      'shrink-0',
                      isActive ? 'text-brand' : 'text-fg-subtle group-hover:text-fg-muted',
                    )}
                  >
                    {item.icon}
                  </span>
                  <span className="truncate">{item.label}</span>
                </>
              )}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
