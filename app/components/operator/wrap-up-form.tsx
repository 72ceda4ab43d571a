import { useEffect, useState } from 'react';
import {
  handoffView,
  WRAP_DISPOSITIONS,
  type HandoffView,
  type WrapDisposition,
} from '~/lib/handoffs/handoff-views';
import { useT } from '~/i18n';
import { api } from '../api/api-client';
import { Button } from '../ui/button';
import { Card } from '../ui/card';
import { Textarea } from '../ui/textarea';

/** Seconds left of the queue's wrap-up time, counted from the call's end. */
function useWrapLeft(endedAt: string | null, seconds: number): number | null {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  if (!endedAt) return null;
  return Math.max(0, Math.round((Date.parse(endedAt) + seconds * 1000 - now) / 1000));
}

/**
 * After a call: the operator files it (an outcome from the list, a note) on the handoff, which the call
 * card shows, and is online again. The queue's wrap-up time counts down beside it; past it the operator is
 * online anyway, and the form stays until saved.
 */
export function WrapUpForm({
  projectId,
  handoff,
  onSaved,
}: {
  projectId: string;
  handoff: HandoffView;
  onSaved: () => void;
}) {
  const t = useT();
  const [disposition, setDisposition] = useState<WrapDisposition>('resolved');
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const left = useWrapLeft(handoff.endedAt, handoff.wrapUpSeconds);
  const save = async () => {
    setSaving(true);
    setError(null);
    const answer = await api(`/api/v1/projects/${projectId}/handoffs/${handoff.id}/wrap-up`, {
      method: 'POST',
      json: { disposition, note },
      schema: handoffView,
    });
    setSaving(false);
    if (!answer.ok) setError(t('operator.failed'));
    else onSaved();
  };
  return (
    <Card className="space-y-3 p-4" data-testid="wrap-up">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 className="text-lg font-semibold">{t('operator.wrap.title')}</h2>
        {left !== null && (
          <span className="text-sm text-fg-muted">
            {t('operator.wrap.left')}{' '}
            <span className="font-mono" data-testid="wrap-up-left">
              {left}
            </span>{' '}
            {t('operator.seconds')}
          </span>
        )}
      </div>
      <p className="text-sm text-fg-muted">{t('operator.wrap.description')}</p>
      <fieldset className="space-y-1">
        <legend className="mb-1 text-sm font-medium">{t('operator.wrap.disposition')}</legend>
        {WRAP_DISPOSITIONS.map((value) => (
          <label key={value} className="flex items-center gap-2 text-sm">
            <input
              type="radio"
              name={`wrap-${handoff.id}`}
              value={value}
              checked={disposition === value}
              onChange={() => setDisposition(value)}
            />
            {t(`operator.wrap.dispositions.${value}`)}
          </label>
        ))}
      </fieldset>
      <label className="block space-y-1 text-sm">
        <span className="font-medium">{t('operator.wrap.note')}</span>
        <Textarea value={note} maxLength={2000} rows={3} onChange={(e) => setNote(e.target.value)} />
      </label>
      {error && (
        <p role="alert" className="text-sm text-danger">
          {error}
        </p>
      )}
      <Button disabled={saving} onClick={() => void save()}>
        {t('operator.wrap.save')}
      </Button>
    </Card>
  );
}
