import type { ApiFailure } from '~/components/api/api-client';
import { apiFailureMessage } from '~/components/api/api-failure-message';
import { AlertCircleIcon } from '~/components/icons';
import { useT } from '~/i18n';

/** A failed API call, in the screen's language (the campaign codes, else the shared ones). */
export function ApiAlert({ failure }: { failure: ApiFailure | undefined }) {
  const t = useT();
  if (!failure) return null;
  const fields = Object.entries(failure.fields).map(([k, v]) => `${k}: ${v.join(', ')}`);
  return (
    <div
      role="alert"
      className="flex gap-2 rounded-card border border-danger/30 bg-danger-subtle p-3 text-sm text-danger-subtle-fg"
    >
      <AlertCircleIcon className="mt-0.5 shrink-0" />
      <div>
        <p>{apiFailureMessage(t, failure, 'campaigns')}</p>
        {fields.length > 0 && <p className="text-xs opacity-80">{fields.join(' · ')}</p>}
      </div>
    </div>
  );
}
