import { useEffect, useMemo, useRef, useState } from 'react';
import { findNodeDefinition } from '#flow-runtime/editor';
import { usePick, useT } from '~/i18n';
import { cn } from '../ui/cn';
import { nodeSummary } from './node-summary';
import { useStudio, useStudioStore } from './studio-context';

/** Finds a node by its label, id or what it says, and brings it into view (Ctrl+F). */
export function NodeSearch({ onClose }: { onClose: () => void }) {
  const t = useT();
  const pickText = usePick();
  const store = useStudioStore();
  const nodes = useStudio((s) => s.nodes);
  const [query, setQuery] = useState('');
  const [index, setIndex] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    input.current?.focus();
  }, []);

  const entries = useMemo(
    () =>
      nodes.map((n) => {
        const def = findNodeDefinition(n.type ?? '');
        const summary = def ? nodeSummary(def, n.data) : null;
        const label = def ? pickText(def.label) : (n.type ?? '');
        const text = summary && 'text' in summary ? summary.text : '';
        return { id: n.id, label, text, haystack: `${label} ${n.id} ${text}`.toLowerCase() };
      }),
    [nodes, pickText],
  );
  const q = query.trim().toLowerCase();
  const results = (q ? entries.filter((e) => e.haystack.includes(q)) : entries).slice(0, 30);

  const go = (id: string) => {
    store.getState().focusNode(id);
    onClose();
  };

  return (
    <div
      className="absolute top-3 left-1/2 z-20 w-96 -translate-x-1/2 rounded-card border border-border bg-surface shadow-overlay"
      role="dialog"
      aria-label={t('studio.search.title')}
    >
      <input
        ref={input}
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          setIndex(0);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Escape') onClose();
          else if (e.key === 'ArrowDown') setIndex((i) => Math.min(i + 1, results.length - 1));
          else if (e.key === 'ArrowUp') setIndex((i) => Math.max(i - 1, 0));
          else if (e.key === 'Enter' && results[index]) go(results[index].id);
          else return;
          e.preventDefault();
        }}
        placeholder={t('studio.search.placeholder')}
        aria-label={t('studio.search.placeholder')}
        className="h-10 w-full rounded-t-card border-b border-border bg-transparent px-3 text-sm outline-none"
      />
      <ul className="max-h-72 overflow-y-auto py-1" role="listbox">
        {results.length === 0 && (
          <li className="px-3 py-2 text-xs text-fg-subtle">{t('studio.search.none')}</li>
        )}
        {results.map((r, i) => (
          <li key={r.id} role="option" aria-selected={i === index}>
            <button
              type="button"
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => go(r.id)}
              className={cn(
                'block w-full px-3 py-1.5 text-left text-[13px]',
                i === index ? 'bg-brand-subtle' : 'hover:bg-surface-hover',
              )}
            >
              <span className="font-medium text-fg">{r.label}</span>{' '}
              <span className="font-mono text-[11px] text-fg-subtle">{r.id}</span>
              {r.text && <span className="block truncate text-xs text-fg-muted">{r.text}</span>}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
