import { memo, useState } from 'react';
import { isSingleton, nodeDefinitions, type NodeCategory } from '#flow-runtime/editor';
import { usePick, useT } from '~/i18n';
import { cn } from '../ui/cn';
import { categoryTone } from './flow-node-card';
import { NodeIcon } from './node-icon';

export const PALETTE_MIME = 'application/x-voice-flow-node';

const categories: NodeCategory[] = ['conversation', 'logic', 'integration', 'handoff', 'flow'];

/**
 * Node types to drag onto the canvas (or click to drop at the centre), grouped by category and built from
 * the definitions. Start is left out: a flow has exactly one and it is always there.
 */
function NodePaletteImpl({ onAdd, disabled }: { onAdd: (type: string) => void; disabled: boolean }) {
  const pickText = usePick();
  const t = useT();
  const [query, setQuery] = useState('');
  const q = query.trim().toLowerCase();
  const visible = nodeDefinitions.filter(
    (d) =>
      !isSingleton(d) &&
      (!q ||
        pickText(d.label).toLowerCase().includes(q) ||
        pickText(d.description).toLowerCase().includes(q)),
  );
  return (
    <aside
      aria-label={t('studio.palette.title')}
      className="flex w-56 shrink-0 flex-col border-r border-border bg-surface"
    >
      <div className="border-b border-border p-2">
        <input
          type="search"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          placeholder={t('studio.palette.search')}
          aria-label={t('studio.palette.search')}
          className="h-8 w-full rounded-control border border-border bg-surface px-2 text-[13px] focus-visible:outline-2 focus-visible:outline-ring"
        />
      </div>
      <div className="min-h-0 flex-1 space-y-3 overflow-y-auto p-2">
        {categories.map((category) => {
          const items = visible.filter((d) => d.category === category);
          if (items.length === 0) return null;
          return (
            <section key={category}>
              <h2 className="px-1 pb-1 text-[11px] font-semibold tracking-wide text-fg-subtle uppercase">
                {t(`studio.palette.categories.${category}`)}
              </h2>
              <ul className="space-y-1">
                {items.map((d) => (
                  <li key={d.type}>
                    <button
                      type="button"
                      draggable={!disabled}
                      disabled={disabled}
                      data-palette-type={d.type}
                      onDragStart={(e) => {
                        e.dataTransfer.setData(PALETTE_MIME, d.type);
                        e.dataTransfer.effectAllowed = 'move';
                      }}
                      onClick={() => onAdd(d.type)}
                      title={pickText(d.description)}
                      className={cn(
                        'flex w-full cursor-grab items-center gap-2 rounded-control border border-transparent px-2 py-1.5 text-left text-[13px] hover:border-border hover:bg-surface-hover active:cursor-grabbing disabled:cursor-not-allowed disabled:opacity-50',
                      )}
                    >
                      <span
                        className={cn(
                          'flex size-6 shrink-0 items-center justify-center rounded-md',
                          categoryTone[d.category],
                        )}
                      >
                        <NodeIcon path={d.iconPath} size={14} />
                      </span>
                      <span className="min-w-0">
                        <span className="block truncate font-medium text-fg">{pickText(d.label)}</span>
                        <span className="block truncate text-[11px] text-fg-subtle">
                          {pickText(d.description)}
                        </span>
                      </span>
                    </button>
                  </li>
                ))}
              </ul>
            </section>
          );
        })}
      </div>
    </aside>
  );
}

export const NodePalette = memo(NodePaletteImpl);
