import { useCallback } from 'react';
import { z } from 'zod';
import { useT } from '~/i18n';
import { api } from '../api/api-client';
import { failureText, TurnProviders } from '../calls/turn-providers';
import { PhoneIcon } from '../icons';
import { Button } from '../ui/button';
import { cn } from '../ui/cn';
import { useVoiceCall } from './use-voice-call';
import type { CallState } from '~/.server/calls/call-events';

const callStateWords = new Set<string>(['speaking', 'listening', 'thinking', 'ended']);

/** A voice ticket: the one-use WebSocket address of the call. */
const ticketSchema = z.object({ url: z.string() });

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'];

/** Talk to an agent by voice from the browser: the studio's voice test (draft or a version). */
export function VoiceTestPanel({
  projectId,
  agentId,
  versionId,
  onTurn,
}: {
  projectId: string;
  agentId: string;
  versionId?: string;
  /** The blocks each turn passed, the last being where the call waits (the studio highlights it). */
  onTurn?: (nodePath: string[]) => void;
}) {
  const t = useT();
  const getTicket = useCallback(async () => {
    const ticket = await api(`/api/v1/projects/${projectId}/agents/${agentId}/voice-tickets`, {
      method: 'POST',
      json: versionId ? { versionId } : {},
      schema: ticketSchema,
    });
    if (!ticket.ok) {
      const { code, message, status } = ticket.error;
      throw new Error(code === 'network' ? message : `ticket refused (${status})`);
    }
    return ticket.data.url;
  }, [projectId, agentId, versionId]);
  const call = useVoiceCall(getTicket, onTurn);
  const live = call.status === 'live' || call.status === 'connecting';

  return (
    <section
      className="space-y-4 rounded-panel border border-border bg-surface p-5 shadow-card"
      aria-live="polite"
      data-testid="voice-test"
    >
      <div className="flex items-center justify-between gap-3">
        <span
          className="flex items-center gap-2 text-sm"
          data-testid="voice-status"
          data-status={call.status}
        >
          <span
            aria-hidden
            className={cn(
              'size-2 rounded-full',
              call.status === 'live' ? 'animate-pulse bg-success' : 'bg-border-strong',
            )}
          />
          {t(`voice.status.${call.status}`)}
          {call.callState && call.status === 'live' && (
            <span className="text-fg-subtle" data-call-state={call.callState}>
              ·{' '}
              {callStateWords.has(call.callState) ? t(`voice.callState.${call.callState as CallState}`) : ''}
            </span>
          )}
        </span>
        {live ? (
          <Button variant="danger" onClick={call.stop}>
            {t('voice.stop')}
          </Button>
        ) : (
          <Button onClick={() => void call.start()}>
            <PhoneIcon /> {t('voice.start')}
          </Button>
        )}
      </div>
      {call.error && (
        <p role="alert" className="text-sm text-danger">
          {call.error}
        </p>
      )}
      <ol className="min-h-24 space-y-2" data-testid="voice-lines">
        {call.lines.length === 0 && <li className="text-sm text-fg-subtle">{t('voice.empty')}</li>}
        {call.lines.map((line, i) =>
          line.who === 'failover' ? (
            <li
              key={i}
              className="text-xs text-danger"
              data-who="failover"
              data-testid="voice-provider-failed"
            >
              {failureText(t, line)}
            </li>
          ) : (
            <li
              key={i}
              className={cn('text-sm', line.who === 'agent' ? 'text-fg' : 'text-brand-subtle-fg')}
              data-who={line.who}
            >
              <span className="font-medium">{line.who === 'agent' ? t('voice.agent') : t('voice.you')}:</span>{' '}
              {line.text}
              {line.who === 'agent' && line.providers && <TurnProviders providers={line.providers} />}
            </li>
          ),
        )}
      </ol>
      <div aria-label={t('voice.keypad')} role="group" className="grid w-44 grid-cols-3 gap-1.5">
        {KEYS.map((k) => (
          <Button
            key={k}
            variant="secondary"
            size="sm"
            disabled={call.status !== 'live'}
            onClick={() => call.sendDigit(k)}
          >
            {k}
          </Button>
        ))}
      </div>
    </section>
  );
}
