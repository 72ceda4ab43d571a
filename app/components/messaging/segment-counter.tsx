import { countSms } from '~/lib/messaging/sms-segments';
import { useT } from '~/i18n';

/** The live SMS size of a text: segments, characters, encoding and what is left in the last segment. */
export function SegmentCounter({ text }: { text: string }) {
  const t = useT();
  const c = countSms(text);
  return (
    <p className="text-[13px] text-fg-muted" data-testid="segment-counter" aria-live="polite">
      <span className="font-medium text-fg" data-testid="segment-count" data-segments={c.segments}>
        {t('messaging.segments', { count: c.segments })}
      </span>{' '}
      ·{' '}
      {t('messaging.counter', {
        characters: c.characters,
        encoding: c.encoding === 'gsm7' ? 'GSM-7' : 'UCS-2',
        remaining: c.remaining,
      })}
    </p>
  );
}
