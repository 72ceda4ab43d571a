import { useEffect, useState } from 'react';
import { findNodeDefinition } from '#flow-runtime/editor';
import type { HandoffView } from '~/lib/handoffs/handoff-views';
import { usePick, useT } from '~/i18n';
import { formatDuration } from '../inbox/format';
import { Button } from '../ui/button';
import { Card } from '../ui/card';
import { Input } from '../ui/input';
import { useOperatorAudio } from './use-operator-audio';

/** Seconds since `since`, ticking once a second. */
function useElapsed(since: number | null): number | null {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (since === null) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [since]);
  return since === null ? null : Math.max(0, now - since);
}

/**
 * The call the operator accepted, live in the browser: the microphone and speaker joined to the caller, a
 * timer from the moment they were joined, mute and hang up, and how loud each side has been (so a silent
 * microphone or a dead line shows at a glance). `onEnded` hears when the call is over.
 */
export function LiveCall({
  projectId,
  handoffId,
  returnNodes,
  onEnded,
}: {
  projectId: string;
  handoffId: string;
  returnNodes: HandoffView['returnNodes'];
  onEnded: (how: 'ended' | 'error') => void;
}) {
  const t = useT();
  const pickText = usePick();
  const call = useOperatorAudio(projectId, handoffId, onEnded);
  const [returnTo, setReturnTo] = useState(returnNodes[0]?.id ?? '');
  const [learned, setLearned] = useState('');
  const title = (node: HandoffView['returnNodes'][number]) => {
    if (node.label !== node.id) return node.label;
    const definition = findNodeDefinition(node.type);
    return definition ? `${pickText(definition.label)} (${node.id})` : node.id;
  };
  const elapsed = useElapsed(call.status === 'live' ? call.liveSince : null);
  return (
    <Card className="space-y-3 p-4" data-testid="live-call" data-status={call.status}>
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 className="text-lg font-semibold">{t('operator.live.title')}</h2>
        <span className="text-sm" data-testid="live-call-status">
          {t(`operator.live.status.${call.status}`)}
          {elapsed !== null && (
            <>
              {' · '}
              <span className="text-fg-muted">{t('operator.live.duration')}</span>{' '}
              <span className="font-mono" data-testid="live-call-timer">
                {formatDuration(elapsed)}
              </span>
            </>
          )}
        </span>
      </div>
      {call.status === 'error' && <p className="text-sm text-danger">{t('operator.live.noAudio')}</p>}
      <dl className="grid grid-cols-[10rem_1fr] gap-y-1 text-sm">
        <dt className="text-fg-muted">{t('operator.live.heard')}</dt>
        <dd>
          <Meter testId="live-call-heard" value={call.heardPeak} />
        </dd>
        <dt className="text-fg-muted">{t('operator.live.sent')}</dt>
        <dd>
          <Meter testId="live-call-sent" value={call.sentPeak} />
        </dd>
      </dl>
      <div className="flex gap-2">
        <Button
          variant="secondary"
          aria-pressed={call.muted}
          disabled={call.status !== 'live'}
          onClick={() => call.setMuted(!call.muted)}
        >
          {call.muted ? t('operator.live.unmute') : t('operator.live.mute')}
        </Button>
        <Button
          variant="danger"
          disabled={call.status !== 'live' && call.status !== 'connecting'}
          onClick={call.hangUp}
        >
          {t('operator.live.hangUp')}
        </Button>
      </div>
      {returnNodes.length > 0 && (
        <div className="flex flex-wrap items-end gap-2 border-t border-border pt-3" data-testid="hand-back">
          <label className="space-y-1 text-sm">
            <span className="block font-medium">{t('operator.live.returnTo')}</span>
            <select
              className="rounded-control border border-border bg-surface px-2 py-1.5"
              value={returnTo}
              onChange={(e) => setReturnTo(e.target.value)}
            >
              {returnNodes.map((node) => (
                <option key={node.id} value={node.id}>
                  {title(node)}
                </option>
              ))}
            </select>
          </label>
          <label className="min-w-[14rem] flex-1 space-y-1 text-sm">
            <span className="block font-medium">{t('operator.live.learned')}</span>
            <Input value={learned} maxLength={2000} onChange={(e) => setLearned(e.target.value)} />
          </label>
          <Button
            variant="secondary"
            disabled={call.status !== 'live' || !returnTo}
            onClick={() => call.handBack(returnTo, learned.trim() ? { operator_note: learned.trim() } : {})}
          >
            {t('operator.live.handBack')}
          </Button>
        </div>
      )}
    </Card>
  );
}

/** The loudest level so far as a bar; the number itself on `data-peak` for tests and the curious. */
function Meter({ testId, value }: { testId: string; value: number }) {
  return (
    <span
      data-testid={testId}
      data-peak={value.toFixed(4)}
      className="inline-block h-2 w-40 overflow-hidden rounded bg-surface-muted align-middle"
    >
      <span className="block h-full bg-brand" style={{ width: `${Math.min(100, value * 400)}%` }} />
    </span>
  );
}
