import { useT } from '~/i18n';
import { cn } from '../ui/cn';
import { useStudio } from './studio-context';

/** Where the draft stands: saved, saving, or why not (a conflict from another tab, a failed save). */
export function SaveStatus() {
  const t = useT();
  const status = useStudio((s) => s.saveStatus);
  const revision = useStudio((s) => s.revision);
  const error = useStudio((s) => s.saveError);
  const code = useStudio((s) => s.saveErrorCode);
  if (status === 'refused') {
    return (
      <span
        role="alert"
        data-testid="save-status"
        data-status={status}
        data-code={code ?? undefined}
        title={error ?? undefined}
        className="text-xs text-danger"
      >
        {code === 'foreign_reference'
          ? t('studio.save.foreignReference')
          : code === 'flow_too_large'
            ? t('studio.save.tooLarge')
            : t('studio.save.refused')}
      </span>
    );
  }
  if (status === 'conflict') {
    return (
      <div
        role="alert"
        data-testid="save-conflict"
        className="flex items-center gap-2 rounded-control bg-danger-subtle px-2 py-1 text-xs text-danger-subtle-fg"
      >
        <span>{t('studio.save.conflict')}</span>
        <button type="button" className="font-semibold underline" onClick={() => window.location.reload()}>
          {t('studio.save.reload')}
        </button>
      </div>
    );
  }
  return (
    <span
      data-testid="save-status"
      data-status={status}
      data-revision={revision}
      title={error ?? undefined}
      className={cn('text-xs', status === 'error' ? 'text-danger' : 'text-fg-subtle')}
    >
      {t(`studio.save.${status}`)}
    </span>
  );
}
