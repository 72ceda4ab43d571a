import { useEffect, useRef, useState, type ReactNode } from 'react';
import {
  monitorCallViewSchema,
  type MonitorCallView,
  type TranscriptLine,
} from '~/lib/monitor/monitor-views';
import { useT } from '~/i18n';
import { api } from '../api/api-client';
import { CloseIcon } from '../icons';
import { FlowPath } from '../inbox/flow-path';
import { callTitle } from '../inbox/format';
import { useProjectEvents } from '../realtime/use-project-events';
import { Button } from '../ui/button';
import { cn } from '../ui/cn';
import { appendTranscript } from './apply-live-event';
import { ListenControl } from './listen-control';

/**
 * One live call: its transcript streaming in (the snapshot from the live board, then its events) and its
 * path on the flow's layout with the active step last. `actions` is where call controls go (take-over
 * arrives with the handoff feature).
 */
export function MonitorCallPanel({
  projectId,
  callId,
  onClose,
  actions,
}: {
  projectId: string;
  callId: string;
  onClose: () => void;
  actions?: ReactNode;
}) {
  const t = useT();
  const [view, setView] = useState<MonitorCallView | null>(null);
  const [lines, setLines] = useState<TranscriptLine[]>([]);
  const [ended, setEnded] = useState(false);
  // Events that arrive before the snapshot are kept and applied on top of it.
  const early = useRef<Parameters<typeof appendTranscript>[1][]>([]);
  const loaded = useRef(false);

  // A new call: start over. The snapshot is read when the event stream opens (below), not at mount: a line
  // written between a snapshot read first and the stream's opening would otherwise be in neither.
  const generation = useRef(0);
  useEffect(() => {
    generation.current += 1;
    loaded.current = false;
    early.current = [];
    setView(null);
    setLines([]);
    setEnded(false);
  }, [projectId, callId]);

  const loadSnapshot = () => {
    const mine = generation.current;
    loaded.current = false;
    early.current = [];
    void api(`/api/v1/projects/${projectId}/monitor`, {
      query: new URLSearchParams({ callId }),
      schema: monitorCallViewSchema,
    }).then((answer) => {
      if (mine !== generation.current || !answer.ok) return;
      setView(answer.data);
      if (!answer.data.call) setEnded(true);
      // The snapshot already holds events up to its moment: only later turns are added.
      const after = answer.data.transcript.at(-1)?.at ?? 0;
      setLines(early.current.filter((e) => e.at > after).reduce(appendTranscript, answer.data.transcript));
      loaded.current = true;
    });
  };

  useProjectEvents(projectId, {
    callId,
    onOpen: loadSnapshot,
    onResync: loadSnapshot,
    onEvent: (event) => {
      if (event.type === 'call.ended') setEnded(true);
      if (!loaded.current) early.current.push(event);
      else setLines((current) => appendTranscript(current, event));
    },
  });

  const path = lines.flatMap((l) => (l.speaker === 'bot' && l.nodeId ? [l.nodeId] : []));
  const caller = view?.call
    ? callTitle(view.call, {
        test: t('inbox.directions.test'),
        unknown: t('inbox.list.unknownCaller'),
        browser: t('inbox.directions.browser'),
      })
    : '';
  const bottom = useRef<HTMLDivElement>(null);
  // A block body: newer Chromium returns a promise from scrollIntoView, which React would take for a cleanup.
  useEffect(() => {
    bottom.current?.scrollIntoView?.({ block: 'nearest' });
  }, [lines.length]);

  return (
    <section
      className="flex h-full min-h-0 flex-col gap-3"
      aria-label={t('monitor.panel.title', { caller })}
      data-testid="monitor-call-panel"
    >
      <header className="flex items-center justify-between gap-2">
        <h2 className="truncate text-base font-semibold text-fg">{t('monitor.panel.title', { caller })}</h2>
        <div className="flex items-center gap-2">
          {actions}
          <Button variant="ghost" size="icon" onClick={onClose} aria-label={t('monitor.panel.close')}>
            <CloseIcon size={16} />
          </Button>
        </div>
      </header>
      {ended ? (
        <p className="rounded-control bg-surface-muted px-3 py-2 text-sm text-fg-muted">
          {t('monitor.panel.ended')}
        </p>
      ) : (
        <ListenControl projectId={projectId} callId={callId} disabled={!view?.call} />
      )}
      <div>
        <h3 className="mb-1 text-xs font-medium text-fg-muted">{t('monitor.panel.flow')}</h3>
        <FlowPath flow={view?.flow ?? null} path={path} />
      </div>
      <div className="min-h-0 flex-1 overflow-y-auto">
        <h3 className="mb-1 text-xs font-medium text-fg-muted">{t('monitor.panel.transcript')}</h3>
        {lines.length === 0 ? (
          <p className="text-sm text-fg-subtle">{t('monitor.panel.noTranscript')}</p>
        ) : (
          <ol className="space-y-1.5" data-testid="monitor-transcript">
            {lines.map((line, i) => (
              <li
                key={`${line.at}-${i}`}
                className={cn(
                  'rounded-control px-3 py-1.5 text-sm',
                  line.speaker === 'caller' && 'bg-surface-muted text-fg',
                  line.speaker === 'bot' && 'bg-brand/10 text-fg',
                  line.speaker === 'alert' && 'bg-danger/10 font-medium text-danger',
                )}
              >
                <span className="mr-2 text-xs text-fg-muted">{t(`monitor.panel.${line.speaker}`)}</span>
                {line.text}
              </li>
            ))}
          </ol>
        )}
        <div ref={bottom} />
      </div>
    </section>
  );
}
