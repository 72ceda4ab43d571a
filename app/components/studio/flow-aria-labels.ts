import type { AriaLabelConfig, Edge, Node } from '@xyflow/react';
import { findNodeDefinition } from '#flow-runtime/editor';
import type { PickText, TFunction } from '~/i18n';

// React Flow names its controls and edges in English ("Zoom In", "Edge from greet to menu"); these are the
// same names through the dictionaries, and an edge is named by the blocks it joins as the canvas shows them.

const DIRECTIONS = ['up', 'down', 'left', 'right'] as const;
const isDirection = (d: string): d is (typeof DIRECTIONS)[number] =>
  (DIRECTIONS as readonly string[]).includes(d);

export function flowAriaLabels(t: TFunction): Partial<AriaLabelConfig> {
  return {
    'node.a11yDescription.default': t('studio.canvas.a11y.node'),
    'node.a11yDescription.keyboardDisabled': t('studio.canvas.a11y.nodeMove'),
    'node.a11yDescription.ariaLiveMessage': ({ direction, x, y }) =>
      t('studio.canvas.a11y.moved', {
        direction: isDirection(direction) ? t(`studio.canvas.a11y.direction.${direction}`) : direction,
        x: Math.round(x),
        y: Math.round(y),
      }),
    'edge.a11yDescription.default': t('studio.canvas.a11y.edge'),
    'controls.ariaLabel': t('studio.canvas.a11y.controls'),
    'controls.zoomIn.ariaLabel': t('studio.canvas.a11y.zoomIn'),
    'controls.zoomOut.ariaLabel': t('studio.canvas.a11y.zoomOut'),
    'controls.fitView.ariaLabel': t('studio.canvas.a11y.fitView'),
    'controls.interactive.ariaLabel': t('studio.canvas.a11y.interactive'),
    'minimap.ariaLabel': t('studio.canvas.minimap'),
    'handle.ariaLabel': t('studio.canvas.a11y.handle'),
  };
}

/** Each edge with an accessible name: "From “Say” to “Menu”". */
export function withEdgeNames<E extends Edge>(
  edges: E[],
  nodes: Node[],
  t: TFunction,
  pickText: PickText,
): E[] {
  const title = (id: string) => {
    const type = nodes.find((n) => n.id === id)?.type;
    const definition = type ? findNodeDefinition(type) : undefined;
    return definition ? pickText(definition.label) : id;
  };
  return edges.map((e) =>
    e.ariaLabel
      ? e
      : { ...e, ariaLabel: t('studio.canvas.a11y.edgeName', { from: title(e.source), to: title(e.target) }) },
  );
}
