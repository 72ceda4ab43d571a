import type { NodeDefinition } from '#flow-runtime/editor';
import { usePick, useT } from '~/i18n';
import { controlClasses } from '../ui/input';
import { portsOf } from './node-summary';
import { useStudio, useStudioStore } from './studio-context';

/**
 * Where each output port of the selected block leads, as a list a keyboard can change: the same edit as
 * dragging from the port to a block on the canvas (one edge per port, undoable), for people who cannot drag.
 */
export function PortConnections({
  nodeId,
  definition,
  data,
  choices,
}: {
  nodeId: string;
  definition: NodeDefinition;
  data: Record<string, unknown>;
  choices: { id: string; label: string }[];
}) {
  const t = useT();
  const pickText = usePick();
  const store = useStudioStore();
  const readOnly = useStudio((s) => s.readOnly);
  const links = useStudio((s) =>
    s.edges
      .filter((e) => e.source === nodeId)
      .map((e) => `${e.sourceHandle ?? 'next'}\u0000${e.target}\u0000${e.id}`)
      .join('\n'),
  );
  const ports = portsOf(definition, data);
  if (ports.length === 0) return null;
  const edgeOf = (port: string) =>
    links
      .split('\n')
      .map((line) => line.split('\u0000') as [string, string, string])
      .find(([handle]) => handle === port);

  const connect = (port: string, target: string) => {
    const s = store.getState();
    if (target) s.onConnect({ source: nodeId, sourceHandle: port, target, targetHandle: null });
    else {
      const edge = edgeOf(port);
      if (edge) s.onEdgesChange([{ type: 'remove', id: edge[2] }]);
    }
  };

  return (
    <fieldset className="space-y-2" data-testid="port-connections">
      <legend className="text-xs font-semibold text-fg">{t('studio.inspector.connections')}</legend>
      {ports.map((port) => {
        const id = `port-${nodeId}-${port.id}`;
        return (
          <div key={port.id} className="space-y-1">
            <label htmlFor={id} className="block text-xs text-fg-muted">
              {t('studio.inspector.portGoesTo', { port: pickText(port.label) })}
            </label>
            <select
              id={id}
              className={controlClasses}
              disabled={readOnly}
              value={edgeOf(port.id)?.[1] ?? ''}
              onChange={(e) => connect(port.id, e.target.value)}
            >
              <option value="">{t('studio.inspector.notConnected')}</option>
              {choices
                .filter((c) => c.id !== nodeId)
                .map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.label}
                  </option>
                ))}
            </select>
          </div>
        );
      })}
    </fieldset>
  );
}
