import { useEffect, useState } from 'react';
import type { HandoffView } from '~/lib/handoffs/handoff-views';
import { useT } from '~/i18n';
import { Button } from '../ui/button';
import { Card } from '../ui/card';

/** Seconds left on an offer, ticking once a second while it is shown. */
function useSecondsLeft(until: string | null): number | null {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!until) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [until]);
  return until ? Math.max(0, Math.round((Date.parse(until) - now) / 1000)) : null;
}

const shown = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value));

/** The handoff packet as the operator reads it before (and while) taking the call. */
export function OfferCard({
  handoff,
  onAnswer,
}: {
  handoff: HandoffView;
  onAnswer: (action: 'accept' | 'decline' | 'complete') => void;
}) {
  const t = useT();
  const left = useSecondsLeft(handoff.status === 'offered' ? handoff.offerExpiresAt : null);
  const { packet } = handoff;
  const callerWords = [...packet.transcriptExcerpt].reverse().find((line) => line.speaker === 'caller');
  const slots = Object.entries(packet.slots);
  const variables = Object.entries(packet.variables ?? {});
  return (
    <Card className="space-y-4 p-4" data-testid="handoff-offer" aria-live="polite">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 className="text-lg font-semibold">
          {handoff.status === 'accepted' ? t('operator.onCall') : t('operator.offerTitle')}
        </h2>
        <span className="text-sm text-fg-muted">
          {t('operator.queue')}: <span className="font-medium text-fg">{handoff.queueName}</span>
          {left !== null && (
            <>
              {' · '}
              {t('operator.expires')} {left} {t('operator.seconds')}
            </>
          )}
        </span>
      </div>
      <dl className="grid gap-x-4 gap-y-2 text-sm sm:grid-cols-[10rem_1fr]">
        <dt className="text-fg-muted">{t('operator.reason')}</dt>
        <dd>{packet.reason}</dd>
        <dt className="text-fg-muted">{t('operator.summary')}</dt>
        <dd data-testid="handoff-summary">{packet.summary}</dd>
        {callerWords && (
          <>
            <dt className="text-fg-muted">{t('operator.callerWords')}</dt>
            <dd>«{callerWords.text}»</dd>
          </>
        )}
        {slots.length > 0 && (
          <>
            <dt className="text-fg-muted">{t('operator.slots')}</dt>
            <dd>{slots.map(([name, value]) => `${name}: ${shown(value)}`).join(', ')}</dd>
          </>
        )}
        {variables.length > 0 && (
          <>
            <dt className="text-fg-muted">{t('operator.variables')}</dt>
            <dd>{variables.map(([name, value]) => `${name}: ${shown(value)}`).join(', ')}</dd>
          </>
        )}
      </dl>
      {packet.transcriptExcerpt.length > 0 && (
        <div className="space-y-1">
          <h3 className="text-sm text-fg-muted">{t('operator.lastTurns')}</h3>
          <ol className="space-y-1 text-sm">
            {packet.transcriptExcerpt.map((line, i) => (
              <li key={i}>
                <span className="text-fg-muted">
                  {line.speaker === 'caller' ? t('operator.caller') : t('operator.bot')}:
                </span>{' '}
                {line.text}
              </li>
            ))}
          </ol>
        </div>
      )}
      <div className="flex gap-2">
        {handoff.status === 'offered' ? (
          <>
            <Button onClick={() => onAnswer('accept')}>{t('operator.accept')}</Button>
            <Button variant="secondary" onClick={() => onAnswer('decline')}>
              {t('operator.decline')}
            </Button>
          </>
        ) : (
          <Button variant="secondary" onClick={() => onAnswer('complete')}>
            {t('operator.complete')}
          </Button>
        )}
      </div>
    </Card>
  );
}
