import { useEffect, useRef } from 'react';
import { useT } from '~/i18n';
import { TurnProviders } from '../calls/turn-providers';
import { Button } from '../ui/button';
import { cn } from '../ui/cn';
import type { CallTurnView } from './call-types';
import { formatDuration } from './format';

export interface TranscriptProps {
  turns: CallTurnView[];
  activeId: string | null;
  flaggedTurnIds: ReadonlySet<string>;
  onSelect: (turn: CallTurnView) => void;
  onFlag?: (turn: CallTurnView) => void;
  /** The block's name as the card shows it (not its internal id). */
  nodeTitle?: (nodeId: string) => string;
}

/** The lines of the call; the one playing is highlighted and kept in view; a click seeks to it. */
export function Transcript({
  turns,
  activeId,
  flaggedTurnIds,
  onSelect,
  onFlag,
  nodeTitle = (id) => id,
}: TranscriptProps) {
  const t = useT();
  const active = useRef<HTMLLIElement>(null);
  useEffect(() => {
    active.current?.scrollIntoView({ block: 'nearest' });
  }, [activeId]);
  // A caller's unrecognised speech has no text but is a line of its own ("not recognised", playable).
  const lines = turns.filter(
    (turn) => turn.text || (turn.speaker === 'caller' && turn.trigger === 'utterance'),
  );
  if (lines.length === 0) return <p className="text-sm text-fg-subtle">{t('inbox.card.noTranscript')}</p>;
  return (
    <ol className="max-h-[28rem] space-y-1.5 overflow-y-auto pr-1" data-testid="transcript">
      {lines.map((turn) => {
        const isActive = turn.id === activeId;
        const caller = turn.speaker === 'caller';
        return (
          <li
            key={turn.id}
            ref={isActive ? active : undefined}
            data-testid="transcript-line"
            data-active={isActive || undefined}
            data-start-ms={turn.startMs ?? undefined}
            className={cn(
              'group flex items-start gap-2 rounded-control border px-3 py-2 text-sm',
              isActive ? 'border-brand bg-brand-subtle' : 'border-transparent hover:bg-surface-hover',
              caller ? 'mr-10' : 'ml-10 bg-surface-muted',
            )}
          >
            <button type="button" className="min-w-0 flex-1 text-left" onClick={() => onSelect(turn)}>
              <span className="mb-0.5 flex flex-wrap items-center gap-x-2 text-xs text-fg-subtle">
                <span className="font-medium text-fg-muted">
                  {caller
                    ? t('inbox.card.caller')
                    : turn.speaker === 'operator'
                      ? t('inbox.card.operator')
                      : t('inbox.card.bot')}
                </span>
                {turn.startMs !== null && <span className="font-mono">{formatDuration(turn.startMs)}</span>}
                {caller && turn.confidence !== null && (
                  <span>{t('inbox.card.confidence', { value: Math.round(turn.confidence * 100) })}</span>
                )}
                {!caller && turn.nodeId && (
                  <span>{t('inbox.card.node', { node: nodeTitle(turn.nodeId) })}</span>
                )}
                {flaggedTurnIds.has(turn.id) && <span className="text-danger">⚑</span>}
              </span>
              <TurnText turn={turn} />
              {!caller && turn.providers && (
                <span className="mt-0.5 block">
                  <TurnProviders providers={turn.providers} />
                </span>
              )}
            </button>
            {onFlag && (
              <Button
                type="button"
                size="sm"
                variant="ghost"
                className="opacity-60 group-hover:opacity-100"
                aria-label={t('inbox.card.flagTurn')}
                onClick={() => onFlag(turn)}
              >
                {t('inbox.card.flag')}
              </Button>
            )}
          </li>
        );
      })}
    </ol>
  );
}

/** What was said, or, for the caller, what was pressed or that nothing could be recognised. */
function TurnText({ turn }: { turn: CallTurnView }) {
  const t = useT();
  if (turn.speaker === 'caller' && turn.trigger === 'dtmf')
    return (
      <span className="text-fg" data-testid="transcript-dtmf">
        {t('inbox.card.dtmf', { digits: turn.text })}
      </span>
    );
  if (turn.speaker === 'caller' && !turn.text)
    return (
      <span className="text-fg-muted italic" data-testid="transcript-unrecognised">
        {t('inbox.card.notRecognised')}
      </span>
    );
  return <span className="text-fg">{turn.text}</span>;
}
