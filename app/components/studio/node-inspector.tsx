import { useEffect, useMemo, useRef } from 'react';
import { findNodeDefinition, isSingleton } from '#flow-runtime/editor';
import { usePick, useT } from '~/i18n';
import { Button } from '../ui/button';
import { InspectorField, type FieldContext } from './inspector-field';
import { isShown, withDefaults, writeField } from './node-data';
import { NodeIcon } from './node-icon';
import { PortConnections } from './port-connections';
import { nodeSummary, readField } from './node-summary';
import { useStudio, useStudioStore } from './studio-context';

/** A project tool (or built-in) as the flow declares it when a block picks it. */
export interface ProjectToolChoice {
  name: string;
  description: string;
  parameters: Record<string, unknown>;
  kind: 'project' | 'builtin';
  builtin?: string;
}

export interface InspectorProps {
  knowledgeBases: readonly { id: string; name: string }[];
  projectTools?: readonly ProjectToolChoice[];
  crmConnections?: readonly { id: string; name: string }[];
  calendarConnections?: FieldContext['calendarConnections'];
  operatorQueues?: readonly string[];
  messagingChannels?: readonly { id: string; name: string }[];
  messageTemplates?: readonly { id: string; name: string; language: string; channelId: string }[];
  variables: readonly string[];
}

/** The form for the selected node, generated from its definition's field layout. */
export function NodeInspector({
  knowledgeBases,
  projectTools = [],
  crmConnections = [],
  calendarConnections = [],
  operatorQueues = [],
  messagingChannels = [],
  messageTemplates = [],
  variables,
}: InspectorProps) {
  const t = useT();
  const pickText = usePick();
  const store = useStudioStore();
  const selectedIds = useStudio((s) =>
    s.nodes
      .filter((n) => n.selected)
      .map((n) => n.id)
      .join(','),
  );
  // The selected node's id, type and data only: its position changes on every drag frame.
  const soleId = selectedIds && !selectedIds.includes(',') ? selectedIds : null;
  const nodeType = useStudio((s) => (soleId ? s.nodes.find((n) => n.id === soleId)?.type : undefined));
  const nodeData = useStudio((s) => (soleId ? s.nodes.find((n) => n.id === soleId)?.data : undefined));
  const node = soleId && nodeData ? { id: soleId, type: nodeType, data: nodeData } : undefined;
  const readOnly = useStudio((s) => s.readOnly);
  const issues = useStudio((s) => (node ? s.issuesByNode.get(node.id) : undefined));
  const tools = useStudio((s) => s.meta.tools);
  const nodeIds = useStudio((s) => s.nodes.map((n) => `${n.id}\u0000${n.type}`).join('\n'));

  const nodeChoices = useMemo(
    () =>
      nodeIds
        .split('\n')
        .filter(Boolean)
        .map((line) => {
          const [id, type] = line.split('\u0000') as [string, string];
          const def = findNodeDefinition(type);
          return { id, label: `${def ? pickText(def.label) : type} · ${id}` };
        }),
    [nodeIds, pickText],
  );

  // A problem opened from the Problems panel or Publish: the cursor goes to its field (the closest field the
  // form shows for a nested path such as `assignments.0.variable`).
  const fieldRequest = useStudio((s) => s.fieldRequest);
  const formRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const root = formRef.current;
    if (!fieldRequest || fieldRequest.nodeId !== soleId || !root) return;
    const parts = fieldRequest.field.split('.');
    for (let n = parts.length; n > 0; n--) {
      const box = root.querySelector(`[data-field="${CSS.escape(parts.slice(0, n).join('.'))}"]`);
      if (!box) continue;
      box.scrollIntoView({ block: 'center' });
      box
        .querySelector<HTMLElement>('input, textarea, select, [contenteditable="true"], button')
        ?.focus({ preventScroll: true });
      return;
    }
  }, [fieldRequest, soleId]);

  if (!node) {
    const count = selectedIds ? selectedIds.split(',').length : 0;
    return (
      <div className="p-4 text-sm text-fg-muted">
        {count > 1 ? t('studio.inspector.multiple', { count }) : t('studio.inspector.empty')}
      </div>
    );
  }
  const definition = findNodeDefinition(node.type ?? '');
  if (!definition)
    return (
      <div className="p-4 text-sm text-danger">{t('studio.node.unknownType', { type: node.type ?? '' })}</div>
    );

  const shown = withDefaults(definition, node.data);
  const fieldErrors = new Map<string, string>();
  const general: string[] = [];
  for (const issue of [...(issues?.errors ?? []), ...(issues?.warnings ?? [])]) {
    const message = pickText(issue.message);
    if (issue.field && !fieldErrors.has(issue.field)) fieldErrors.set(issue.field, message);
    else general.push(message);
  }
  const ctx: FieldContext = {
    variables,
    tools: [
      ...new Set([...(tools ?? []).map((tool) => tool.name), ...projectTools.map((tool) => tool.name)]),
    ],
    knowledgeBases,
    crmConnections,
    calendarConnections,
    operatorQueues,
    messagingChannels,
    messageTemplates,
    nodes: nodeChoices.filter((n) => n.id !== node.id),
    node: shown,
    disabled: readOnly,
    errors: fieldErrors,
  };
  const summary = nodeSummary(definition, node.data);

  const change = (path: string, value: unknown, kind: string) => {
    store.getState().updateNodeData(node.id, writeField(node.data, path, value));
    // A node may only use knowledge bases the flow declares: declare the ones picked here.
    if (kind === 'knowledge_bases' && Array.isArray(value)) {
      const declared = store.getState().meta.knowledgeBases ?? [];
      const missing = knowledgeBases.filter(
        (kb) => (value as string[]).includes(kb.id) && !declared.some((d) => d.id === kb.id),
      );
      if (missing.length) store.getState().updateMeta({ knowledgeBases: [...declared, ...missing] });
    }
    // Likewise tools: a project tool picked here is declared in the flow (the server refreshes its
    // description and arguments when the flow is published or tested).
    if (kind === 'tool' || kind === 'tools') {
      const picked = typeof value === 'string' ? [value] : Array.isArray(value) ? (value as string[]) : [];
      const declared = store.getState().meta.tools ?? [];
      const missing = projectTools.filter(
        (tool) => picked.includes(tool.name) && !declared.some((d) => d.name === tool.name),
      );
      if (missing.length) store.getState().updateMeta({ tools: [...declared, ...missing] });
    }
  };

  return (
    <div ref={formRef} className="space-y-4 p-4" data-testid="inspector" data-node-id={node.id}>
      <header className="flex items-start gap-2">
        <span className="mt-0.5 text-fg-muted">
          <NodeIcon path={definition.iconPath} />
        </span>
        <div className="min-w-0 flex-1">
          <h2 className="text-sm font-semibold text-fg">{pickText(definition.label)}</h2>
          <p className="truncate font-mono text-[11px] text-fg-subtle" translate="no">
            {node.id}
          </p>
        </div>
        {!readOnly && !isSingleton(definition) && (
          <Button
            variant="ghost"
            size="sm"
            onClick={() => store.getState().duplicateSelection()}
            title={`${t('studio.actions.duplicate')} (Ctrl+D)`}
          >
            {t('studio.actions.duplicate')}
          </Button>
        )}
      </header>
      <p className="text-xs text-fg-muted">{pickText(definition.description)}</p>
      {general.length > 0 && (
        <ul className="space-y-1 rounded-control border border-danger/30 bg-danger-subtle p-2 text-xs text-danger-subtle-fg">
          {general.map((m, i) => (
            <li key={i}>{m}</li>
          ))}
        </ul>
      )}
      {definition.fields.length === 0 && (
        <p className="text-xs text-fg-subtle">{t('studio.inspector.noFields')}</p>
      )}
      {definition.fields
        .filter((f) => isShown(f, shown, shown))
        .map((field) => (
          <InspectorField
            key={`${node.id}:${field.name}`}
            field={field}
            path={field.name}
            value={readField(node.data, field.name)}
            shown={readField(shown, field.name)}
            onChange={(value) => change(field.name, value, field.kind)}
            ctx={ctx}
          />
        ))}
      <PortConnections nodeId={node.id} definition={definition} data={node.data} choices={nodeChoices} />
      {summary === null && definition.fields.some((f) => f.required) && (
        <p className="text-[11px] text-fg-subtle">{t('studio.inspector.requiredHint')}</p>
      )}
    </div>
  );
}
