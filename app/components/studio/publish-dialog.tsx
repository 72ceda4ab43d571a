import { useRef, useState } from 'react';
import { usePick, useT } from '~/i18n';
import { Button } from '../ui/button';
import { Dialog } from '../ui/dialog';
import { useToast } from '../ui/use-toast';
import type { StudioApi, VersionSummary } from './studio-api';
import { useStudio, useStudioStore } from './studio-context';
import { waitForSave } from './wait-for-save';

/**
 * Publish: errors block it (the dialog says why, lists them, and each opens its block at the field), warnings
 * ask once, a note says what changed.
 */
export function PublishDialog({
  api,
  onPublished,
}: {
  api: StudioApi;
  onPublished: (v: VersionSummary) => void;
}) {
  const t = useT();
  const pickText = usePick();
  const toast = useToast();
  const store = useStudioStore();
  const report = useStudio((s) => s.report);
  const [open, setOpen] = useState(false);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const blocked = report.errors.length > 0;
  const goingTo = useRef<{ nodeId: string; field?: string } | null>(null);
  const goTo = (issue: (typeof report.errors)[number] | undefined) => {
    goingTo.current = issue?.nodeId ? { nodeId: issue.nodeId, field: issue.field } : null;
    setOpen(false);
  };

  const publish = async () => {
    setBusy(true);
    setError(null);
    if (!(await waitForSave(store))) {
      setBusy(false);
      return setError(t('studio.console.notSaved'));
    }
    const result = await api.publish(note, report.warnings.length > 0);
    setBusy(false);
    if (!result.ok) return setError(result.error.message);
    setOpen(false);
    setNote('');
    toast.toast({
      title: t('studio.publish.done', { number: result.data.version.number }),
      variant: 'success',
    });
    onPublished(result.data.version);
  };

  return (
    <Dialog
      open={open}
      onOpenChange={(o) => {
        setOpen(o);
        setError(null);
      }}
      trigger={
        // With errors it still opens, to say why publishing is off and lead to them; hovering says it first.
        <Button size="sm" title={blocked ? t('studio.publish.disabledWhy') : undefined}>
          {t('studio.publish.action')}
        </Button>
      }
      onCloseAutoFocus={(event) => {
        const target = goingTo.current;
        goingTo.current = null;
        if (!target) return;
        // The error's block and field take the focus instead of the Publish button.
        event.preventDefault();
        store.getState().focusNode(target.nodeId, target.field);
      }}
      title={t('studio.publish.title')}
      description={t('studio.publish.description')}
      footer={
        <>
          <Button variant="secondary" onClick={() => setOpen(false)}>
            {t('common.cancel')}
          </Button>
          {blocked && (
            <Button variant="secondary" onClick={() => goTo(report.errors[0])}>
              {t('studio.publish.firstError')}
            </Button>
          )}
          <Button
            onClick={() => void publish()}
            loading={busy}
            disabled={blocked}
            aria-describedby={blocked ? 'publish-blocked-why' : undefined}
            title={blocked ? t('studio.publish.disabledWhy') : undefined}
          >
            {report.warnings.length > 0 ? t('studio.publish.anyway') : t('studio.publish.confirm')}
          </Button>
        </>
      }
    >
      <div className="space-y-3">
        {blocked && (
          <div
            className="rounded-control border border-danger/30 bg-danger-subtle p-3 text-sm text-danger-subtle-fg"
            role="alert"
          >
            <p id="publish-blocked-why" className="mb-1 text-xs">
              {t('studio.publish.disabledWhy')}
            </p>
            <p className="font-medium">{t('studio.publish.errors', { count: report.errors.length })}</p>
            <ul className="mt-1 list-disc space-y-0.5 pl-5 text-xs">
              {report.errors.slice(0, 8).map((issue, i) => (
                <li key={i}>
                  <button
                    type="button"
                    className="text-left underline-offset-2 hover:underline"
                    onClick={() => goTo(issue)}
                  >
                    {pickText(issue.message)}
                  </button>
                </li>
              ))}
            </ul>
          </div>
        )}
        {!blocked && report.warnings.length > 0 && (
          <div className="rounded-control border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900">
            <p className="font-medium">{t('studio.publish.warnings', { count: report.warnings.length })}</p>
            <ul className="mt-1 list-disc space-y-0.5 pl-5 text-xs">
              {report.warnings.slice(0, 8).map((issue, i) => (
                <li key={i}>{pickText(issue.message)}</li>
              ))}
            </ul>
          </div>
        )}
        <label className="block space-y-1 text-sm">
          <span className="font-medium text-fg">{t('studio.publish.note')}</span>
          <textarea
            value={note}
            onChange={(e) => setNote(e.target.value)}
            maxLength={500}
            rows={3}
            placeholder={t('studio.publish.notePlaceholder')}
            className="w-full rounded-control border border-border bg-surface px-2.5 py-1.5 text-sm focus-visible:outline-2 focus-visible:outline-ring"
          />
        </label>
        {error && (
          <p role="alert" className="text-sm text-danger">
            {error}
          </p>
        )}
      </div>
    </Dialog>
  );
}
