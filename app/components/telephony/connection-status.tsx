import { useT } from '~/i18n';
import { cn } from '~/components/ui/cn';
import { sipFailureWords } from './sip-words';
import type { ConnectionItem } from './telephony-types';

/** The live registration state the media server reports, as a coloured dot and words. */
export function ConnectionStatus({ connection }: { connection: ConnectionItem }) {
  const t = useT();
  const live = connection.registration;
  const state = !connection.enabled ? 'disabled' : (live?.state ?? 'unknown');
  const label =
    state === 'disabled'
      ? t('telephony.connections.disabled')
      : state === 'failed' || state === 'refused'
        ? // The cause in words (DNS, credentials, no answer), not a bare code.
          t('newUser.phone.failedBecause', { cause: sipFailureWords(t, live?.sipCode ?? null, live?.reason) })
        : state === 'unknown'
          ? t('telephony.status.unknown')
          : t(`telephony.status.${state}`);
  const tone =
    state === 'registered' || state === 'ip_auth'
      ? 'bg-success'
      : state === 'failed' || state === 'refused'
        ? 'bg-danger'
        : state === 'registering'
          ? 'bg-brand'
          : 'bg-fg-subtle';
  return (
    <span
      className="inline-flex items-center gap-2 text-sm text-fg-muted"
      data-testid={`status-${connection.name}`}
      data-state={state}
    >
      <span className={cn('size-2 rounded-full', tone)} aria-hidden />
      {label}
    </span>
  );
}
