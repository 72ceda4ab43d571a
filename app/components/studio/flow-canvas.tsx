import {
  Background,
  BackgroundVariant,
  Controls,
  MarkerType,
  MiniMap,
  ReactFlow,
  useReactFlow,
  type DefaultEdgeOptions,
  type IsValidConnection,
  type NodeTypes,
} from '@xyflow/react';
import { useCallback, useEffect, useMemo, type DragEvent } from 'react';
import { nodeTypes as flowNodeTypes } from '#flow-runtime/editor';
import { useLocale, useT } from '~/i18n';
import { flowAriaLabels, withEdgeNames } from './flow-aria-labels';
import { FlowNodeCard } from './flow-node-card';
import { PALETTE_MIME } from './node-palette';
import { useStudio, useStudioStore } from './studio-context';
import { canConnect } from './studio-store';

// Built once: every node type renders through the same card, driven by its definition.
const nodeTypes: NodeTypes = Object.fromEntries(flowNodeTypes.map((type) => [type, FlowNodeCard]));
const defaultEdgeOptions: DefaultEdgeOptions = {
  type: 'smoothstep',
  markerEnd: { type: MarkerType.ArrowClosed, width: 16, height: 16 },
  interactionWidth: 12,
};
/**
 * Above this many nodes only what is in view is drawn, and the first view is not zoomed out past 50%:
 * a big flow cannot fit readably anyway, and every node in view costs the browser work on each frame.
 */
const BIG_FLOW = 150;
const fitSmall = { padding: 0.1, maxZoom: 1, minZoom: 0.25 };
const fitBig = { padding: 0.1, maxZoom: 1, minZoom: 0.5 };
const proOptions = { hideAttribution: true };

/** The flow on the canvas: drop from the palette, connect ports, select, move; everything through the store. */
export function FlowCanvas() {
  const t = useT();
  const locale = useLocale();
  const store = useStudioStore();
  const nodes = useStudio((s) => s.nodes);
  const storeEdges = useStudio((s) => s.edges);
  const edges = useMemo(() => withEdgeNames(storeEdges, nodes, t, locale), [storeEdges, nodes, t, locale]);
  const ariaLabelConfig = useMemo(() => flowAriaLabels(t), [t]);
  const readOnly = useStudio((s) => s.readOnly);
  const focusRequest = useStudio((s) => s.focusRequest);
  const onNodesChange = useStudio((s) => s.onNodesChange);
  const onEdgesChange = useStudio((s) => s.onEdgesChange);
  const onConnect = useStudio((s) => s.onConnect);
  const flow = useReactFlow();

  useEffect(() => {
    if (!focusRequest) return;
    const node = flow.getNode(focusRequest.nodeId);
    if (!node) return;
    const width = node.measured?.width ?? 240;
    const height = node.measured?.height ?? 100;
    void flow.setCenter(node.position.x + width / 2, node.position.y + height / 2, {
      zoom: focusRequest.zoomIn ? Math.max(flow.getZoom(), 1) : flow.getZoom(),
      duration: 300,
    });
  }, [focusRequest, flow]);

  const isValidConnection: IsValidConnection = useCallback(
    (c) => canConnect(c, store.getState().nodes),
    [store],
  );

  const onDragOver = useCallback((e: DragEvent) => {
    if (!e.dataTransfer.types.includes(PALETTE_MIME)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'move';
  }, []);

  const onDrop = useCallback(
    (e: DragEvent) => {
      const type = e.dataTransfer.getData(PALETTE_MIME);
      if (!type || store.getState().readOnly) return;
      e.preventDefault();
      const at = flow.screenToFlowPosition({ x: e.clientX, y: e.clientY });
      store.getState().addNode(type, { x: at.x - 120, y: at.y - 30 });
    },
    [flow, store],
  );

  return (
    <ReactFlow
      nodes={nodes}
      edges={edges}
      nodeTypes={nodeTypes}
      onNodesChange={onNodesChange}
      onEdgesChange={onEdgesChange}
      onConnect={onConnect}
      isValidConnection={isValidConnection}
      defaultEdgeOptions={defaultEdgeOptions}
      onDragOver={onDragOver}
      onDrop={onDrop}
      nodesDraggable={!readOnly}
      nodesConnectable={!readOnly}
      edgesReconnectable={false}
      deleteKeyCode={readOnly ? null : ['Delete', 'Backspace']}
      multiSelectionKeyCode={['Meta', 'Control', 'Shift']}
      selectionKeyCode="Shift"
      onlyRenderVisibleElements={nodes.length > BIG_FLOW}
      minZoom={0.1}
      maxZoom={2}
      fitView
      fitViewOptions={nodes.length > BIG_FLOW ? fitBig : fitSmall}
      proOptions={proOptions}
      aria-label={t('studio.canvas.label')}
      ariaLabelConfig={ariaLabelConfig}
    >
      <Background variant={BackgroundVariant.Dots} gap={20} size={1} />
      <MiniMap
        pannable
        zoomable
        ariaLabel={t('studio.canvas.minimap')}
        className="!rounded-card !border !border-border"
      />
      <Controls showInteractive={false} />
    </ReactFlow>
  );
}
