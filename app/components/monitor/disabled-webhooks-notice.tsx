import { Link } from '@remix-run/react';
import { AlertCircleIcon } from '../icons';
import { useT } from '~/i18n';

/**
 * Shown to a project's admins and owners while a webhook is stopped after a day of failures: which one and
 * why, and a link to the Webhooks page where it is turned back on.
 */
export function DisabledWebhooksNotice({
  webhooks,
  href,
}: {
  webhooks: { id: string; url: string; reason: string }[];
  /** The Webhooks page, where the endpoint is enabled again. */
  href: string;
}) {
  const t = useT();
  if (webhooks.length === 0) return null;
  return (
    <div
      role="alert"
      className="mb-4 flex gap-2 rounded-card border border-danger/30 bg-danger/5 p-3 text-sm text-fg"
      data-testid="webhooks-disabled"
    >
      <AlertCircleIcon size={16} className="mt-0.5 shrink-0 text-danger" />
      <div className="space-y-1">
        <p className="font-medium">{t('monitor.webhooksDisabled.title', { count: webhooks.length })}</p>
        <ul className="space-y-0.5 text-fg-muted">
          {webhooks.map((w) => (
            <li key={w.id}>
              <span className="font-mono text-xs">{w.url}</span> — {w.reason}
            </li>
          ))}
        </ul>
        <p className="text-fg-muted">
          <Link to={href} className="font-medium text-brand underline-offset-2 hover:underline">
            {t('monitor.webhooksDisabled.fix')}
          </Link>
        </p>
      </div>
    </div>
  );
}
