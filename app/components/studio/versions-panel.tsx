import { Link } from '@remix-run/react';
import { useState } from 'react';
import { useLocale, useT } from '~/i18n';
import { Button } from '../ui/button';
import { ConfirmDialog } from '../ui/confirm-dialog';
import { cn } from '../ui/cn';
import { useToast } from '../ui/use-toast';
import type { StudioApi, VersionSummary } from './studio-api';

interface VersionsPanelProps {
  api: StudioApi;
  versions: readonly VersionSummary[];
  diffHref: (from: string, to: string) => string;
  canPublish: boolean;
  onChanged: () => void;
}

/** Published versions, newest first: which one is live, compare any two (or one with the draft), roll back. */
export function VersionsPanel({ api, versions, diffHref, canPublish, onChanged }: VersionsPanelProps) {
  const t = useT();
  const locale = useLocale();
  const { toast } = useToast();
  const [compare, setCompare] = useState<string[]>([]);
  const [busy, setBusy] = useState<string | null>(null);

  const rollback = async (v: VersionSummary) => {
    setBusy(v.id);
    const result = await api.rollback(v.id);
    setBusy(null);
    if (!result.ok) return toast({ title: result.error.message, variant: 'error' });
    toast({ title: t('studio.versions.rolledBack', { number: v.number }), variant: 'success' });
    onChanged();
  };

  if (versions.length === 0) return <p className="p-4 text-sm text-fg-muted">{t('studio.versions.none')}</p>;
  const [a, b] = compare;
  return (
    <div className="space-y-2 p-2" data-testid="versions-panel">
      <p className="px-1 text-[11px] text-fg-subtle">{t('studio.versions.compareHint')}</p>
      {compare.length === 2 && a && b && (
        <Button asChild size="sm" className="w-full">
          <Link to={diffHref(a, b)}>{t('studio.versions.compare')}</Link>
        </Button>
      )}
      <ul className="space-y-1">
        {versions.map((v) => (
          <li
            key={v.id}
            data-testid="version-row"
            data-version={v.number}
            className={cn(
              'rounded-control border p-2 text-[13px]',
              v.live ? 'border-emerald-300 bg-emerald-50/60' : 'border-border',
            )}
          >
            <div className="flex items-center gap-2">
              <input
                type="checkbox"
                className="size-3.5 accent-brand"
                aria-label={t('studio.versions.pick', { number: v.number })}
                checked={compare.includes(v.id)}
                onChange={(e) =>
                  setCompare((c) =>
                    e.target.checked ? [...c, v.id].slice(-2) : c.filter((id) => id !== v.id),
                  )
                }
              />
              <span className="font-semibold">v{v.number}</span>
              {v.live && (
                <span className="rounded-full bg-emerald-600 px-1.5 text-[10px] font-semibold text-white">
                  {t('studio.versions.live')}
                </span>
              )}
              <span className="ml-auto text-[11px] text-fg-subtle">
                {new Date(v.createdAt).toLocaleString(locale)}
              </span>
            </div>
            {v.note && <p className="mt-1 text-xs text-fg-muted">{v.note}</p>}
            <div className="mt-1 flex gap-2 text-xs">
              <Link className="font-medium text-brand hover:underline" to={diffHref(v.id, 'draft')}>
                {t('studio.versions.vsDraft')}
              </Link>
              {canPublish && !v.live && (
                <ConfirmDialog
                  title={t('newUser.confirm.rollbackTitle', { number: v.number })}
                  description={t('newUser.confirm.rollbackText', { number: v.number })}
                  variant="primary"
                  trigger={
                    <button
                      type="button"
                      disabled={busy !== null}
                      className="font-medium text-brand hover:underline disabled:opacity-50"
                    >
                      {t('studio.versions.rollback')}
                    </button>
                  }
                  confirmLabel={t('newUser.confirm.rollbackButton')}
                  onConfirm={() => void rollback(v)}
                />
              )}
            </div>
          </li>
        ))}
      </ul>
    </div>
  );
}
