import type { Role } from '~/.server/access/permissions';
import { useT } from '~/i18n';
import { cn } from '../ui/cn';

const tones: Record<Role, string> = {
  owner: 'bg-brand-subtle text-brand-subtle-fg',
  admin: 'bg-brand-subtle text-brand-subtle-fg',
  builder: 'bg-surface-hover text-fg',
  supervisor: 'bg-surface-hover text-fg',
  operator: 'bg-surface-hover text-fg-muted',
  analyst: 'bg-surface-hover text-fg-muted',
};

export function RoleBadge({ role, className }: { role: Role; className?: string }) {
  const t = useT();
  return (
    <span
      className={cn(
        'inline-flex h-5 items-center rounded-full px-2 text-xs font-medium',
        tones[role],
        className,
      )}
    >
      {t(`roles.${role}`)}
    </span>
  );
}
