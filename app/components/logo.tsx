import { useT } from '~/i18n';
import { WaveformIcon } from './icons';
import { cn } from './ui/cn';

export function Logo({ className, showName = true }: { className?: string; showName?: boolean }) {
  const t = useT();
  return (
    <span className={cn('inline-flex items-center gap-2.5', className)}>
      <span className="flex size-7 items-center justify-center rounded-control bg-linear-to-br from-brand-400 to-brand-700 text-white shadow-card">
        <WaveformIcon size={16} strokeWidth={2.25} />
      </span>
      {showName ? (
        <span className="text-sm font-semibold tracking-tight text-fg">{t('app.name')}</span>
      ) : (
        <span className="sr-only">{t('app.name')}</span>
      )}
    </span>
  );
}
