import { useEffect, useRef, useState } from 'react';
import { useLocale, useT } from '~/i18n';
import { Button } from '../ui/button';
import { cn } from '../ui/cn';
import type { StudioApi, TestSessionSummary, TestTurn } from './studio-api';
import { useStudioStore } from './studio-context';
import { TurnTraceView } from './turn-trace-view';
import { waitForSave } from './wait-for-save';
import { dispositionLabel } from '../inbox/disposition-label';

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'];

function commandLine(
  command: { type: string } & Record<string, unknown>,
  t: ReturnType<typeof useT>,
): string | null {
  if (command.type === 'transfer') {
    const target = (command.target ?? {}) as { kind?: string; value?: string };
    const value = target.value ?? '';
    if (target.kind === 'number') return t('newUser.console.transferNumber', { target: value });
    if (target.kind === 'sip') return t('newUser.console.transferSip', { target: value });
    return t('newUser.console.transferQueue', { target: value });
  }
  if (command.type === 'hangup')
    return t('newUser.console.hangup', {
      disposition: dispositionLabel(t, String(command.disposition ?? '')),
    });
  if (command.type === 'listen') return null;
  if (command.type === 'say' || command.type === 'play') return null;
  return command.type;
}

/** Chat with the draft by text or keypad; the active node follows on the canvas, each turn shows its trace. */
export function TestConsole({ api, canEdit }: { api: StudioApi; canEdit: boolean }) {
  const t = useT();
  const locale = useLocale();
  const store = useStudioStore();
  const [sessionId, setSessionId] = useState<string | null>(null);
  const [turns, setTurns] = useState<TestTurn[]>([]);
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [openTrace, setOpenTrace] = useState<number | null>(null);
  const [history, setHistory] = useState<TestSessionSummary[] | null>(null);
  const [viewingPast, setViewingPast] = useState(false);
  const bottom = useRef<HTMLDivElement>(null);
  const ended = turns.at(-1)?.ended ?? false;

  // Block bodies: newer browsers return a promise from scrollIntoView, and an effect must return nothing.
  useEffect(() => {
    bottom.current?.scrollIntoView({ block: 'end' });
  }, [turns.length]);
  useEffect(
    () => () => {
      store.getState().setActive(null, []);
    },
    [store],
  );
  // A conversation the person leaves (closing the panel, leaving the page) ends, so it is not "Live" forever.
  const open = sessionId && !ended && !viewingPast ? sessionId : null;
  useEffect(() => {
    if (!open) return;
    const end = () => void api.endTest(open);
    window.addEventListener('pagehide', end);
    return () => {
      window.removeEventListener('pagehide', end);
      end();
    };
  }, [open, api]);

  const follow = (all: TestTurn[]) => {
    const last = all.at(-1);
    if (last?.activeNodeId) store.getState().revealNode(last.activeNodeId);
    store
      .getState()
      .setActive(last?.activeNodeId ?? null, [
        ...new Set(all.flatMap((turn) => turn.trace.path.map((s) => s.nodeId))),
      ]);
  };

  const start = async () => {
    setBusy(true);
    setError(null);
    setViewingPast(false);
    if (!(await waitForSave(store))) {
      setBusy(false);
      setError(t('studio.console.notSaved'));
      return;
    }
    const result = await api.startTest();
    setBusy(false);
    if (!result.ok) return setError(result.error.message);
    setSessionId(result.data.session.id);
    setTurns([result.data.turn]);
    setOpenTrace(null);
    follow([result.data.turn]);
  };

  const send = async (input: { text: string } | { dtmf: string }) => {
    if (!sessionId || busy || ended) return;
    setBusy(true);
    setError(null);
    const result = await api.sendTurn(sessionId, input);
    setBusy(false);
    if (!result.ok) return setError(result.error.message);
    const next = [...turns, result.data.turn];
    setTurns(next);
    follow(next);
  };

  const openPast = async (id: string) => {
    const result = await api.testSession(id);
    if (!result.ok) return setError(result.error.message);
    setSessionId(result.data.session.id);
    setTurns(result.data.turns);
    setViewingPast(true);
    setHistory(null);
    follow(result.data.turns);
  };

  const showHistory = async () => {
    const result = await api.testSessions();
    if (result.ok) setHistory(result.data.sessions);
    else setError(result.error.message);
  };

  return (
    <div className="flex h-full min-h-0 flex-col" data-testid="test-console">
      <div className="flex items-center gap-1 border-b border-border px-2 py-1.5">
        <Button
          size="sm"
          onClick={() => void start()}
          loading={busy && turns.length === 0}
          disabled={!canEdit}
        >
          {turns.length ? t('studio.console.restart') : t('studio.console.start')}
        </Button>
        <Button size="sm" variant="ghost" onClick={() => void showHistory()}>
          {t('studio.console.history')}
        </Button>
      </div>
      {history && (
        <div className="max-h-48 overflow-y-auto border-b border-border p-2 text-xs">
          {history.length === 0 ? (
            <p className="text-fg-subtle">{t('studio.console.noHistory')}</p>
          ) : (
            <ul className="space-y-0.5">
              {history.map((h) => (
                <li key={h.id}>
                  <button
                    type="button"
                    className="w-full rounded px-1.5 py-1 text-left hover:bg-surface-hover"
                    onClick={() => void openPast(h.id)}
                  >
                    {new Date(h.createdAt).toLocaleString(locale)} ·{' '}
                    {t('studio.console.turns', { count: h.turns ?? 0 })}
                    {h.ended ? ` · ${t('studio.console.ended')}` : ''}
                  </button>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      <div className="min-h-0 flex-1 space-y-2 overflow-y-auto p-3" aria-live="polite">
        {turns.length === 0 && <p className="text-sm text-fg-subtle">{t('studio.console.intro')}</p>}
        {turns.map((turn) => (
          <div key={turn.index} className="space-y-1" data-testid="console-turn">
            {'text' in turn.input && <Bubble side="user">{turn.input.text}</Bubble>}
            {'dtmf' in turn.input && <Bubble side="user">{`⌨ ${turn.input.dtmf}`}</Bubble>}
            {turn.replies.map((reply, i) => (
              <Bubble key={i} side="bot">
                {reply}
              </Bubble>
            ))}
            {turn.commands.map((c, i) => {
              const line = commandLine(c, t);
              return line ? (
                <p
                  key={i}
                  data-testid="console-command"
                  data-command={c.type}
                  className="text-center text-[11px] font-medium text-fg-muted"
                >
                  {line}
                </p>
              ) : null;
            })}
            <button
              type="button"
              className="text-[11px] text-fg-subtle hover:text-fg"
              onClick={() => setOpenTrace(openTrace === turn.index ? null : turn.index)}
            >
              {openTrace === turn.index ? t('studio.console.hideTrace') : t('studio.console.showTrace')} ·{' '}
              {t('common.ms', { ms: Math.round(turn.trace.durationMs) })}
            </button>
            {openTrace === turn.index && <TurnTraceView trace={turn.trace} />}
          </div>
        ))}
        {ended && (
          <p className="text-center text-xs font-medium text-fg-muted" data-testid="console-ended">
            {turns.at(-1)?.commands.some((c) => c.type === 'transfer' || c.type === 'hangup')
              ? t('newUser.console.endedHint')
              : t('studio.console.ended')}
          </p>
        )}
        {error && (
          <p role="alert" className="rounded-control bg-danger-subtle p-2 text-xs text-danger-subtle-fg">
            {error}
          </p>
        )}
        <div ref={bottom} />
      </div>
      {sessionId && !ended && !viewingPast && (
        <div className="space-y-2 border-t border-border p-2">
          <form
            className="flex gap-1"
            onSubmit={(e) => {
              e.preventDefault();
              const value = text.trim();
              if (!value) return;
              setText('');
              void send({ text: value });
            }}
          >
            <input
              value={text}
              onChange={(e) => setText(e.target.value)}
              placeholder={t('studio.console.placeholder')}
              aria-label={t('studio.console.placeholder')}
              className="h-8 min-w-0 flex-1 rounded-control border border-border bg-surface px-2 text-[13px] focus-visible:outline-2 focus-visible:outline-ring"
            />
            <Button size="sm" type="submit" disabled={busy}>
              {t('studio.console.send')}
            </Button>
          </form>
          <div className="grid grid-cols-6 gap-1" role="group" aria-label={t('studio.console.keypad')}>
            {KEYS.map((key) => (
              <button
                key={key}
                type="button"
                disabled={busy}
                onClick={() => void send({ dtmf: key })}
                className="h-7 rounded-control border border-border bg-surface font-mono text-xs hover:bg-surface-hover disabled:opacity-50"
                aria-label={t('studio.console.key', { key })}
              >
                {key}
              </button>
            ))}
          </div>
        </div>
      )}
    </div>
  );
}

function Bubble({ side, children }: { side: 'user' | 'bot'; children: React.ReactNode }) {
  return (
    <p
      data-testid={side === 'bot' ? 'bot-reply' : 'user-message'}
      className={cn(
        'max-w-[85%] rounded-card px-3 py-1.5 text-[13px] whitespace-pre-wrap',
        side === 'user' ? 'ml-auto bg-brand text-brand-fg' : 'bg-surface-muted text-fg',
      )}
    >
      {children}
    </p>
  );
}
