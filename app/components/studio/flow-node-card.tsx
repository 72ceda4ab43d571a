import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo, useMemo } from 'react';
import { findNodeDefinition, type NodeCategory } from '#flow-runtime/editor';
import { usePick, useT } from '~/i18n';
import { cn } from '../ui/cn';
import type { FlowCanvasNode } from './flow-document';
import { NodeIcon } from './node-icon';
import { nodeSummary, portsOf } from './node-summary';
import { useStudio } from './studio-context';

export const categoryTone: Record<NodeCategory, string> = {
  flow: 'bg-emerald-100 text-emerald-700',
  conversation: 'bg-brand-100 text-brand-700',
  logic: 'bg-amber-100 text-amber-700',
  integration: 'bg-sky-100 text-sky-700',
  handoff: 'bg-rose-100 text-rose-700',
};

/**
 * Every node type renders through this one card, from its definition: icon, label, a summary of what it
 * does, its ports as handles (handle id = port id), and its validation issues. The input is on top and the
 * outputs along the bottom edge, one labelled cell each, so flows read top to bottom and edges run straight
 * down (auto-layout.ts lays ports out the same way). Text that does not fit ends with an ellipsis at a line's
 * end, never mid-line, and the whole text is the element's title.
 */
function FlowNodeCardImpl({ id, type, data, selected }: NodeProps<FlowCanvasNode>) {
  const pickText = usePick();
  const t = useT();
  const issues = useStudio((s) => s.issuesByNode.get(id));
  const active = useStudio((s) => s.activeNodeId === id);
  const visited = useStudio((s) => s.visitedNodeIds.includes(id));
  const definition = findNodeDefinition(type);
  // Parsing the data for ports is the costly part; a drag changes the position, never the data.
  const ports = useMemo(() => (definition ? portsOf(definition, data) : []), [definition, data]);
  const summary = useMemo(() => (definition ? nodeSummary(definition, data) : null), [definition, data]);
  if (!definition) {
    return (
      <div className="w-60 rounded-card border-2 border-danger bg-surface p-3 text-sm text-danger">
        {t('studio.node.unknownType', { type })}
        <Handle type="target" position={Position.Top} />
      </div>
    );
  }
  const errors = issues?.errors.length ?? 0;
  const warnings = issues?.warnings.length ?? 0;
  const label = pickText(definition.label);
  const summaryText =
    summary === null
      ? pickText(definition.description)
      : 'text' in summary
        ? summary.text
        : `${pickText(summary.field.label)}: ${summary.count}`;
  return (
    <div
      data-testid={`node-${id}`}
      data-node-type={type}
      data-active={active || undefined}
      className={cn(
        'w-60 rounded-card border bg-surface text-left shadow-card transition-shadow',
        selected ? 'border-brand ring-2 ring-brand-200' : 'border-border-strong',
        errors > 0 && 'border-danger ring-2 ring-danger/20',
        active && 'ring-4 ring-emerald-400/70',
        visited && !active && 'border-emerald-400',
      )}
    >
      {!definition.entry && (
        <Handle
          type="target"
          position={Position.Top}
          className="!size-3 !border-2 !border-surface !bg-fg-subtle"
        />
      )}
      <div className="flex items-center gap-2 px-3 pt-2.5 pb-1.5">
        <span
          className={cn(
            'flex size-6 items-center justify-center rounded-md',
            categoryTone[definition.category],
          )}
        >
          <NodeIcon path={definition.iconPath} size={14} />
        </span>
        <span className="min-w-0 flex-1 truncate text-[13px] font-semibold text-fg" title={label}>
          {label}
        </span>
        {errors > 0 && (
          <span
            className="rounded-full bg-danger px-1.5 text-[11px] font-semibold text-white"
            title={t('studio.node.errors', { count: errors })}
          >
            {errors}
          </span>
        )}
        {errors === 0 && warnings > 0 && (
          <span
            className="rounded-full bg-amber-400 px-1.5 text-[11px] font-semibold text-amber-950"
            title={t('studio.node.warnings', { count: warnings })}
          >
            {warnings}
          </span>
        )}
      </div>
      <p
        className="line-clamp-2 min-h-10 px-3 pb-2 text-xs break-words text-fg-muted"
        title={summaryText}
        data-testid="node-summary"
      >
        {summaryText}
      </p>
      {ports.length > 0 && (
        <div className="flex h-5 border-t border-border">
          {ports.map((port) => {
            const portLabel = pickText(port.label);
            return (
              <div
                key={port.id}
                className="relative flex min-w-0 flex-1 items-center justify-center px-1"
                title={portLabel}
              >
                <span
                  className={cn(
                    'truncate text-[10px] leading-none',
                    port.kind === 'fallback' ? 'text-fg-subtle italic' : 'text-fg-muted',
                  )}
                >
                  {portLabel}
                </span>
                <Handle
                  type="source"
                  id={port.id}
                  position={Position.Bottom}
                  data-port={port.id}
                  className={cn(
                    '!size-3 !border-2 !border-surface',
                    port.kind === 'fallback' ? '!bg-amber-500' : '!bg-brand',
                  )}
                />
              </div>
            );
          })}
        </div>
      )}
    </div>
  );
}

export const FlowNodeCard = memo(FlowNodeCardImpl);
