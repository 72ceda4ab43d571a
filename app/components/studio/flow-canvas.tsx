import {
  Background,
  BackgroundVariant,
  Controls,
  MarkerType,
  MiniMap,
  ReactFlow,
  getViewportForBounds,
  useNodesInitialized,
  useReactFlow,
  type DefaultEdgeOptions,
  type IsValidConnection,
  type NodeTypes,
} from '@xyflow/react';
import { useCallback, useEffect, useMemo, useRef, type DragEvent } from 'react';
import { isEntryType, nodeTypes as flowNodeTypes } from '#flow-runtime/editor';
import { usePick, useT } from '~/i18n';
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
/** Above this many nodes only what is in view is drawn: every node in view costs work on each frame. */
const BIG_FLOW = 150;
/** Below this zoom block text is too small to read: a flow that only fits smaller opens at Start instead. */
const READABLE_ZOOM = 0.5;
/** The zoom a too-large flow opens at, Start at the top centre of the canvas. */
const START_ZOOM = 0.8;
const FIT_PADDING = 0.1;
const proOptions = { hideAttribution: true };

/** How the canvas last chose its view by itself; a resize repeats it until the user pans or zooms. */
type AutoView = 'readable' | 'whole';

/** The flow on the canvas: drop from the palette, connect ports, select, move; everything through the store. */
export function FlowCanvas() {
  const t = useT();
  const pickText = usePick();
  const store = useStudioStore();
  const nodes = useStudio((s) => s.nodes);
  const storeEdges = useStudio((s) => s.edges);
  const edges = useMemo(
    () => withEdgeNames(storeEdges, nodes, t, pickText),
    [storeEdges, nodes, t, pickText],
  );
  const ariaLabelConfig = useMemo(() => flowAriaLabels(t), [t]);
  const readOnly = useStudio((s) => s.readOnly);
  const focusRequest = useStudio((s) => s.focusRequest);
  const onNodesChange = useStudio((s) => s.onNodesChange);
  const onEdgesChange = useStudio((s) => s.onEdgesChange);
  const onConnect = useStudio((s) => s.onConnect);
  const fitRequest = useStudio((s) => s.fitRequest);
  const flow = useReactFlow();
  const box = useRef<HTMLDivElement>(null);
  const nodesReady = useNodesInitialized();
  /** null once the user has panned or zoomed by hand, or a panel centred a block: resizing keeps the view. */
  const autoView = useRef<AutoView | null>('readable');
  const opened = useRef(false);

  /** Fits the whole flow; with `readable`, a flow that would be drawn too small shows Start readably. */
  const showFlow = useCallback(
    (mode: AutoView, duration = 0) => {
      const size = box.current?.getBoundingClientRect();
      const nodes = flow.getNodes();
      if (!size || size.width === 0 || size.height === 0 || nodes.length === 0) return;
      const fitted = getViewportForBounds(
        flow.getNodesBounds(nodes),
        size.width,
        size.height,
        0.1,
        1,
        FIT_PADDING,
      );
      const start = nodes.find((n) => isEntryType(n.type ?? '')) ?? nodes[0];
      if (mode === 'whole' || fitted.zoom >= READABLE_ZOOM || !start) {
        void flow.setViewport(fitted, { duration });
        return;
      }
      const width = start.measured?.width ?? 240;
      void flow.setViewport(
        {
          x: size.width / 2 - (start.position.x + width / 2) * START_ZOOM,
          y: 40 - start.position.y * START_ZOOM,
          zoom: START_ZOOM,
        },
        { duration },
      );
    },
    [flow],
  );

  // The first view, once the cards are measured: the whole flow, or Start when that would be unreadable.
  // A block asked for on open (a call issue's "open in studio") wins.
  // A big flow draws only what is in view, so its other cards are never measured: it opens at once.
  const big = nodes.length > BIG_FLOW;
  useEffect(() => {
    if ((!nodesReady && !big) || opened.current) return;
    opened.current = true;
    if (store.getState().focusRequest) {
      autoView.current = null;
      return;
    }
    showFlow('readable');
  }, [nodesReady, big, showFlow, store]);

  // Fit and Tidy from the toolbar: the whole flow, and resizing keeps fitting it.
  useEffect(() => {
    if (fitRequest === 0) return;
    autoView.current = 'whole';
    showFlow('whole', 300);
  }, [fitRequest, showFlow]);

  // The window or the side panel changes size: the view is chosen again, unless the user moved it.
  useEffect(() => {
    const element = box.current;
    if (!element || typeof ResizeObserver === 'undefined') return;
    let frame = 0;
    const observer = new ResizeObserver(() => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => {
        if (opened.current && autoView.current) showFlow(autoView.current);
      });
    });
    observer.observe(element);
    return () => {
      cancelAnimationFrame(frame);
      observer.disconnect();
    };
  }, [showFlow]);

  useEffect(() => {
    if (!focusRequest) return;
    autoView.current = null;
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
    <div ref={box} className="h-full w-full" data-testid="flow-canvas">
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
        onlyRenderVisibleElements={big}
        minZoom={0.1}
        maxZoom={2}
        onMoveStart={(event) => {
          // Only a user's own pan or zoom carries an event; the canvas's own moves do not.
          if (event) autoView.current = null;
        }}
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
        <Controls
          showInteractive={false}
          onZoomIn={() => (autoView.current = null)}
          onZoomOut={() => (autoView.current = null)}
          onFitView={() => (autoView.current = 'whole')}
        />
      </ReactFlow>
    </div>
  );
}
