import { findNodeDefinition } from '#flow-runtime/editor';
import { usePick, useT } from '~/i18n';
import type { TestTrace } from './studio-api';
import { useStudio, useStudioStore } from './studio-context';

const json = (v: unknown) =>
  v === null || v === undefined ? '—' : typeof v === 'string' ? v : JSON.stringify(v);

/** Why the turn went where it did: node path, variables set, tool and LLM calls, knowledge, latency. */
export function TurnTraceView({ trace }: { trace: TestTrace }) {
  const t = useT();
  const store = useStudioStore();
  const pickText = usePick();
  const nodes = useStudio((s) => s.nodes);
  // A step is named as the canvas names its block (its own name, else its kind), not by its id.
  const blockName = (nodeId: string, type: string) => {
    const own = (nodes.find((n) => n.id === nodeId)?.data as { label?: unknown } | undefined)?.label;
    const definition = findNodeDefinition(type);
    return typeof own === 'string' && own ? own : definition ? pickText(definition.label) : nodeId;
  };
  const tokens = trace.llmCalls.reduce((sum, c) => sum + c.promptTokens + c.completionTokens, 0);
  return (
    <div
      className="space-y-2 rounded-control border border-border bg-surface-muted/60 p-2 text-[11px] text-fg-muted"
      data-testid="turn-trace"
    >
      <div className="flex flex-wrap gap-x-3 gap-y-1">
        <span>{t('studio.trace.latency', { ms: Math.round(trace.durationMs * 10) / 10 })}</span>
        {tokens > 0 && <span>{t('studio.trace.tokens', { count: tokens })}</span>}
        {trace.globalHandler && <span>{t('studio.trace.global', { name: trace.globalHandler })}</span>}
      </div>
      {trace.path.length > 0 && (
        <ol className="flex flex-wrap items-center gap-1" aria-label={t('studio.trace.path')}>
          {trace.path.map((step, i) => (
            <li key={i} className="flex items-center gap-1">
              {i > 0 && <span aria-hidden>→</span>}
              <button
                type="button"
                onClick={() => store.getState().focusNode(step.nodeId)}
                className="rounded bg-surface px-1.5 py-0.5 text-fg hover:bg-brand-subtle"
                data-node-id={step.nodeId}
              >
                {blockName(step.nodeId, step.type)}
              </button>
            </li>
          ))}
        </ol>
      )}
      {trace.variableChanges.length > 0 && (
        <dl className="grid grid-cols-[auto_1fr] gap-x-2">
          {trace.variableChanges.map((c, i) => (
            <div key={i} className="contents">
              <dt className="font-mono text-fg">{c.name}</dt>
              <dd className="truncate">
                {json(c.before)} → <span className="text-fg">{json(c.after)}</span>
              </dd>
            </div>
          ))}
        </dl>
      )}
      {trace.toolCalls.map((c, i) => (
        <p key={`tool-${i}`}>
          {t('studio.trace.tool', { name: c.name, ms: Math.round(c.durationMs) })}{' '}
          {c.args !== undefined && <code className="text-fg-subtle">{json(c.args)} </code>}
          <span className={c.ok ? 'text-success-subtle-fg' : 'text-danger'}>
            {c.ok ? 'OK' : (c.error ?? 'error')}
          </span>
          {c.result !== undefined && (
            <code className="block truncate text-fg-subtle" title={JSON.stringify(c.result)}>
              → {json(c.result)}
            </code>
          )}
        </p>
      ))}
      {trace.llmCalls.map((c, i) => (
        <p key={`llm-${i}`} data-testid="trace-llm">
          {t('studio.trace.llm', {
            model: c.model,
            prompt: c.promptTokens,
            completion: c.completionTokens,
            ms: Math.round(c.firstTokenMs ?? c.durationMs),
          })}
          {c.provider && (
            <>
              {' '}
              <span className="font-mono text-fg">{t('callProviders.llmVia', { provider: c.provider })}</span>
              {c.fallback && (
                <span
                  className="ml-1 rounded bg-danger-subtle px-1 text-danger-subtle-fg"
                  title={t('callProviders.fallbackTitle')}
                >
                  {t('callProviders.fallback')}
                </span>
              )}
            </>
          )}
        </p>
      ))}
      {trace.knowledgeQueries.map((q, i) => (
        <div key={`kb-${i}`}>
          <p>{t('studio.trace.knowledge', { query: q.query, count: q.results })}</p>
          {q.chunks.length > 0 && (
            <ol className="mt-0.5 list-decimal space-y-0.5 pl-4" aria-label={t('studio.trace.citations')}>
              {q.chunks.map((c) => (
                <li key={c.id}>
                  <span className="text-fg">{c.source}</span> · {Math.round(c.score * 100)}%
                </li>
              ))}
            </ol>
          )}
        </div>
      ))}
    </div>
  );
}
