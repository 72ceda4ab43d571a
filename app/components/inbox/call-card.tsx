import { Link } from '@remix-run/react';
import { useCallback, useMemo, useRef, useState, type ReactNode } from 'react';
import { useLocale, usePick, useT, type TFunction } from '~/i18n';
import { failureText } from '../calls/turn-providers';
import { Button, buttonClasses } from '../ui/button';
import { useToast } from '../ui/use-toast';
import type { CallDetail, CallTurnView } from './call-types';
import { AddToKnowledgeDialog, type KnowledgeDraft } from './add-to-knowledge-dialog';
import { FlagDialog, reasonKey } from './flag-dialog';
import { CallTags } from './call-tags';
import { dispositionLabel } from './disposition-label';
import { FlowPath } from './flow-path';
import { nodeTitle } from './node-title';
import { callTitle, formatDateTime, formatDuration } from './format';
import { LatencyBars } from './latency-bars';
import { Transcript } from './transcript';
import { WaveformPlayer, type WaveformPlayerHandle } from './waveform-player';
import { WRAP_DISPOSITIONS, type WrapDisposition } from '~/lib/handoffs/handoff-views';

function Section({ title, children, testId }: { title: string; children: ReactNode; testId?: string }) {
  return (
    <section
      className="space-y-2 rounded-panel border border-border bg-surface p-4 shadow-card"
      data-testid={testId}
    >
      <h3 className="text-sm font-semibold text-fg">{title}</h3>
      {children}
    </section>
  );
}

function Fact({ label, value }: { label: string; value: ReactNode }) {
  return (
    // min-w-0 and anywhere-wrapping: a long number or agent name wraps inside its cell instead of running
    // over the next fact (it did at 1280 px, where six columns are narrow).
    <div className="min-w-0" data-testid="call-fact">
      <dt className="text-xs text-fg-subtle">{label}</dt>
      <dd className="text-sm [overflow-wrap:anywhere] text-fg">{value}</dd>
    </div>
  );
}

const HANDOFF_STATUS_KEYS = [
  'queued',
  'offered',
  'accepted',
  'completed',
  'abandoned',
  'overflowed',
] as const;
function handoffStatusKey(status: string): (typeof HANDOFF_STATUS_KEYS)[number] {
  return (HANDOFF_STATUS_KEYS as readonly string[]).includes(status)
    ? (status as (typeof HANDOFF_STATUS_KEYS)[number])
    : 'queued';
}
function wrapKey(value: string): WrapDisposition {
  return (WRAP_DISPOSITIONS as readonly string[]).includes(value) ? (value as WrapDisposition) : 'resolved';
}

const json = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));

export interface CallCardProps {
  detail: CallDetail;
  projectId: string;
  canFlag: boolean;
  canListen: boolean;
  /** The project's knowledge bases when the user may add to them from a call, else null. */
  knowledgeBases?: readonly { id: string; name: string }[] | null;
  /** The project's tags when the user may change this call's tags, else null (read only). */
  tagVocabulary?: readonly string[] | null;
}

/** The call at a glance: who, when, how it ended; the recording synced to the transcript; where time and
 * the flow went; what was collected and called; what was flagged. */
export function CallCard({
  detail,
  projectId,
  canFlag,
  canListen,
  knowledgeBases = null,
  tagVocabulary = null,
}: CallCardProps) {
  const t = useT();
  const locale = useLocale();
  const pickText = usePick();
  const { toast } = useToast();
  const { call, turns, events, issues, flow } = detail;
  const player = useRef<WaveformPlayerHandle>(null);
  const [positionMs, setPositionMs] = useState<number | null>(null);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [flagging, setFlagging] = useState<CallTurnView | null>(null);
  const [correcting, setCorrecting] = useState<KnowledgeDraft | null>(null);

  const timed = useMemo(() => turns.filter((turn) => turn.text && turn.startMs !== null), [turns]);
  // The line playing now: the last one that started at or before the player's position.
  const activeId = useMemo(() => {
    if (positionMs === null) return selectedId;
    let current: string | null = null;
    for (const turn of timed) if ((turn.startMs ?? 0) <= positionMs + 50) current = turn.id;
    return current ?? selectedId;
  }, [positionMs, timed, selectedId]);

  const select = useCallback((turn: CallTurnView) => {
    setSelectedId(turn.id);
    if (turn.startMs !== null) player.current?.seek(turn.startMs);
  }, []);
  const closeFlag = useCallback(
    (flagged: boolean) => {
      setFlagging(null);
      if (flagged) toast({ title: t('inbox.flagDialog.done'), variant: 'success' });
    },
    [toast, t],
  );
  const closeCorrection = useCallback(
    (added: boolean) => {
      setCorrecting(null);
      if (added) toast({ title: t('inbox.addToKb.done'), variant: 'success' });
    },
    [toast, t],
  );
  const flagged = useMemo(() => new Set(issues.flatMap((i) => (i.turnId ? [i.turnId] : []))), [issues]);
  const toolCalls = events.filter((e) => e.type === 'tool_call');
  const knowledge = events.filter((e) => e.type === 'knowledge');
  const otherEvents = events.filter((e) => e.type !== 'tool_call' && e.type !== 'knowledge');
  const variables = Object.entries(call.variables);
  const outcomes = Object.entries(call.analysis.outcomes);
  const recordingUrl = `/api/v1/projects/${projectId}/calls/${call.id}/recording` as const;

  return (
    <div className="space-y-4" data-testid="call-card">
      <header className="space-y-3 rounded-panel border border-border bg-surface p-4 shadow-card">
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <h2 className="min-w-0 text-lg font-semibold [overflow-wrap:anywhere] text-fg">
            {callTitle(call, {
              test: t('inbox.directions.test'),
              unknown: t('inbox.list.unknownCaller'),
              browser: t('inbox.directions.browser'),
            })}
          </h2>
          <span className="flex items-center gap-2 text-sm text-fg-muted">
            {call.status === 'live' && (
              <span className="inline-flex items-center gap-1 rounded bg-success-subtle px-1.5 text-xs text-success-subtle-fg">
                <span className="size-1.5 animate-pulse rounded-full bg-success" aria-hidden />
                {t('inbox.list.live')}
              </span>
            )}
            {t(`inbox.directions.${call.direction as 'inbound'}`)}
          </span>
        </div>
        <dl className="grid grid-cols-2 gap-3 sm:grid-cols-3 2xl:grid-cols-6">
          <Fact
            label={t('inbox.card.agent')}
            value={
              call.agent
                ? `${call.agent.name} · ${call.versionNumber ? t('inbox.card.version', { number: call.versionNumber }) : t('inbox.card.draft')}`
                : '—'
            }
          />
          <Fact label={t('inbox.card.started')} value={formatDateTime(call.startedAt, locale)} />
          <Fact label={t('inbox.card.duration')} value={formatDuration(call.durationMs)} />
          <Fact label={t('inbox.card.disposition')} value={dispositionLabel(t, call.disposition)} />
          <Fact label={t('inbox.card.endReason')} value={dispositionLabel(t, call.endReason)} />
          <Fact
            label={t('inbox.card.avgResponse')}
            value={
              call.avgResponseMs === null ? '—' : t('inbox.card.latencyTotal', { ms: call.avgResponseMs })
            }
          />
        </dl>
        {call.sipCause && (
          // A line of its own: the cause reads as a sentence ("BYE from caller; Q.850 cause 16 (…)").
          <p className="text-xs text-fg-muted" data-testid="sip-cause">
            <span className="text-fg-subtle">{t('inbox.card.sipCause')}:</span>{' '}
            <code className="text-fg">{call.sipCause}</code>
          </p>
        )}
        <CallTags tags={call.tags} vocabulary={tagVocabulary} />
      </header>

      {canListen && call.recording && (
        <Section title={t('inbox.card.recording')}>
          <WaveformPlayer
            ref={player}
            src={recordingUrl}
            durationMs={call.recording.durationMs}
            onTime={setPositionMs}
          />
        </Section>
      )}

      <div className="grid gap-4 xl:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
        <div className="space-y-4">
          <Section title={t('inbox.card.transcript')}>
            <Transcript
              turns={turns}
              activeId={activeId}
              flaggedTurnIds={flagged}
              onSelect={select}
              nodeTitle={(id) => nodeTitle(flow, id, pickText)}
              {...(canFlag ? { onFlag: setFlagging } : {})}
            />
          </Section>
          <Section title={t('inbox.card.latency')}>
            <LatencyBars turns={turns} />
          </Section>
        </div>
        <div className="space-y-4">
          <Section title={t('inbox.card.analysis')}>
            {call.analysis.status === 'done' && (call.analysis.summary || outcomes.length > 0) ? (
              <div className="space-y-2 text-sm">
                {call.analysis.summary && <p className="text-fg">{call.analysis.summary}</p>}
                {outcomes.length > 0 && (
                  <dl className="grid grid-cols-2 gap-2">
                    {outcomes.map(([k, v]) => (
                      <Fact key={k} label={k} value={v === null ? '—' : json(v)} />
                    ))}
                  </dl>
                )}
              </div>
            ) : (
              <p className="text-sm text-fg-subtle">{t('inbox.card.noAnalysis')}</p>
            )}
          </Section>
          <Section title={t('inbox.card.issues')} testId="call-issues">
            {issues.length === 0 ? (
              <p className="text-sm text-fg-subtle">{t('inbox.card.noIssues')}</p>
            ) : (
              <ul className="space-y-2">
                {issues.map((issue) => (
                  <li
                    key={issue.id}
                    className="rounded-control border border-border p-2 text-sm"
                    data-testid="issue"
                  >
                    <div className="flex flex-wrap items-center justify-between gap-2">
                      <span className="font-medium text-fg">{t(reasonKey(issue.reason))}</span>
                      <span className="text-xs text-fg-muted">
                        {t(`inbox.statuses.${issue.status as 'open'}`)}
                      </span>
                    </div>
                    {issue.comment && <p className="mt-1 text-fg-muted">{issue.comment}</p>}
                    {knowledgeBases && issue.turnId && (
                      <Button
                        type="button"
                        variant="ghost"
                        size="sm"
                        className="mt-1"
                        onClick={() => setCorrecting(knowledgeDraftFor(turns, issue.turnId ?? ''))}
                      >
                        {t('inbox.addToKb.action')}
                      </Button>
                    )}
                    {issue.studioUrl && (
                      <Link
                        to={issue.studioUrl}
                        className={`${buttonClasses({ variant: 'ghost', size: 'sm' })} mt-1`}
                      >
                        {t('inbox.card.openInStudio')}
                      </Link>
                    )}
                  </li>
                ))}
              </ul>
            )}
          </Section>
          <Section title={t('inbox.card.path')}>
            <FlowPath flow={flow} path={call.path} />
          </Section>
          <Section title={t('inbox.card.variables')}>
            {variables.length === 0 ? (
              <p className="text-sm text-fg-subtle">{t('inbox.card.noVariables')}</p>
            ) : (
              <dl className="grid grid-cols-2 gap-2">
                {variables.map(([k, v]) => (
                  <Fact key={k} label={k} value={<code className="text-xs">{json(v)}</code>} />
                ))}
              </dl>
            )}
          </Section>
          <Section title={t('inbox.card.toolCalls')}>
            {toolCalls.length === 0 ? (
              <p className="text-sm text-fg-subtle">{t('inbox.card.noToolCalls')}</p>
            ) : (
              <ul className="space-y-1 text-sm">
                {toolCalls.map((e) => (
                  <li key={e.id} className="rounded-control bg-surface-muted p-2">
                    <span className="font-medium">{String(e.data.name)}</span>{' '}
                    <span className={e.data.ok ? 'text-success' : 'text-danger'}>
                      {e.data.ok ? t('inbox.card.ok') : t('inbox.card.failed')}
                    </span>{' '}
                    <span className="text-xs text-fg-subtle">
                      {t('common.ms', { ms: Math.round(Number(e.data.durationMs ?? 0)) })}
                    </span>
                    {typeof e.data.status === 'number' && (
                      <span className="text-xs text-fg-subtle"> · HTTP {e.data.status}</span>
                    )}
                    <code className="mt-1 block truncate text-xs text-fg-muted">{json(e.data.args)}</code>
                    {typeof e.data.error === 'string' && (
                      <p className="text-xs text-danger">{e.data.error}</p>
                    )}
                    {e.data.result !== undefined && (
                      <details className="mt-1 text-xs" data-testid="tool-result">
                        <summary className="cursor-pointer text-fg-muted">
                          {t('inbox.card.toolResult')}
                        </summary>
                        <pre className="mt-1 max-h-48 overflow-auto whitespace-pre-wrap break-all text-fg">
                          {JSON.stringify(e.data.result, null, 2)}
                        </pre>
                      </details>
                    )}
                  </li>
                ))}
              </ul>
            )}
          </Section>
          {knowledge.length > 0 && (
            <Section title={t('inbox.card.knowledge')} testId="call-knowledge">
              <ul className="space-y-2 text-sm">
                {knowledge.map((e) => (
                  <li key={e.id} className="rounded-control bg-surface-muted p-2">
                    <p className="text-fg">«{String(e.data.query)}»</p>
                    <ol className="mt-1 list-decimal space-y-0.5 pl-5 text-xs text-fg-muted">
                      {citedChunks(e.data.chunks).map((c) => (
                        <li key={c.id}>
                          <span className="text-fg">{c.source}</span> · {Math.round(c.score * 100)}%
                        </li>
                      ))}
                    </ol>
                  </li>
                ))}
              </ul>
            </Section>
          )}
          {otherEvents.length > 0 && (
            <Section title={t('inbox.card.events')}>
              <ul className="space-y-1 text-xs text-fg-muted">
                {otherEvents.map((e) => (
                  <li key={e.id} className="flex gap-2">
                    <span className="font-mono">{formatDuration(e.offsetMs)}</span>
                    <span className="font-medium text-fg">{t(`inbox.eventTypes.${e.type as 'dtmf'}`)}</span>
                    <span className="truncate">
                      {e.type === 'provider_failed' ? providerFailure(t, e.data) : json(e.data)}
                    </span>
                  </li>
                ))}
              </ul>
            </Section>
          )}
          {call.operatorHandoff && (
            <Section title={t('inbox.card.operator')}>
              <dl className="grid grid-cols-[8rem_1fr] gap-y-1 text-sm" data-testid="call-operator-handoff">
                <dt className="text-fg-muted">{t('inbox.card.operatorQueue')}</dt>
                <dd>{call.operatorHandoff.queueName}</dd>
                <dt className="text-fg-muted">{t('inbox.card.operatorStatus')}</dt>
                <dd>{t(`inbox.card.handoffStatus.${handoffStatusKey(call.operatorHandoff.status)}`)}</dd>
                {call.operatorHandoff.wrapUp && (
                  <>
                    <dt className="text-fg-muted">{t('inbox.card.wrapDisposition')}</dt>
                    <dd data-testid="call-wrap-disposition">
                      {t(`operator.wrap.dispositions.${wrapKey(call.operatorHandoff.wrapUp.disposition)}`)}
                    </dd>
                    {call.operatorHandoff.wrapUp.note && (
                      <>
                        <dt className="text-fg-muted">{t('inbox.card.wrapNote')}</dt>
                        <dd data-testid="call-wrap-note" className="whitespace-pre-wrap">
                          {call.operatorHandoff.wrapUp.note}
                        </dd>
                      </>
                    )}
                  </>
                )}
              </dl>
            </Section>
          )}
          {call.handoff !== null && call.handoff !== undefined && (
            <Section title={t('inbox.card.handoff')}>
              <pre className="overflow-x-auto text-xs">{JSON.stringify(call.handoff, null, 2)}</pre>
            </Section>
          )}
        </div>
      </div>
      {canFlag && <FlagDialog turn={flagging} onClose={closeFlag} />}
      {knowledgeBases && (
        <AddToKnowledgeDialog draft={correcting} knowledgeBases={knowledgeBases} onClose={closeCorrection} />
      )}
    </div>
  );
}

/**
 * The Q&A a flagged line suggests: the caller's question (the flagged line, or the one before the agent's
 * flagged reply), with the agent's answer there beside it for reference, for the user to write the right one.
 */
function knowledgeDraftFor(turns: readonly CallTurnView[], turnId: string): KnowledgeDraft {
  const at = turns.findIndex((turn) => turn.id === turnId);
  const said = (speaker: 'caller' | 'agent', from: number, step: 1 | -1) => {
    for (let i = from; i >= 0 && i < turns.length; i += step) {
      const turn = turns[i];
      if (turn?.speaker === speaker && turn.text) return turn.text;
    }
    return '';
  };
  if (at < 0) return { question: '', answer: '' };
  // The agent's answer was flagged as wrong: it is shown for reference, and the right answer starts empty.
  return turns[at]?.speaker === 'caller'
    ? { question: turns[at]?.text ?? '', answer: '', said: said('agent', at + 1, 1) }
    : { question: said('caller', at - 1, -1), answer: '', said: turns[at]?.text ?? '' };
}

/** The passages of a knowledge event, read defensively (event data is stored JSON). */
function citedChunks(value: unknown): { id: string; source: string; score: number }[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((c: unknown) => {
    const chunk = c as { id?: unknown; source?: unknown; score?: unknown };
    return typeof chunk.id === 'string' && typeof chunk.source === 'string' && typeof chunk.score === 'number'
      ? [{ id: chunk.id, source: chunk.source, score: chunk.score }]
      : [];
  });
}

/** A `provider_failed` event in words (its data is stored JSON: read defensively). */
function providerFailure(t: TFunction, data: Record<string, unknown>): string {
  const stage = data.stage === 'stt' || data.stage === 'tts' || data.stage === 'llm' ? data.stage : null;
  if (!stage || typeof data.provider !== 'string') return json(data);
  return failureText(t, {
    stage,
    provider: data.provider,
    replacedBy: typeof data.replacedBy === 'string' ? data.replacedBy : null,
    code: typeof data.code === 'string' ? data.code : 'error',
  });
}
