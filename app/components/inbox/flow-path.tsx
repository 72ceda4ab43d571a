import { usePick, useT } from '~/i18n';
import type { FlowMapView } from './call-types';
import { nodeTitle } from './node-title';

const NODE_W = 120;
const NODE_H = 36;
/** The studio's coordinates at this size keep labels readable; a big flow scrolls. */
const SCALE = 0.6;

const short = (label: string) => (label.length > 18 ? `${label.slice(0, 17)}…` : label);

/**
 * The call's path drawn on the flow's own layout (node positions from the version's graph), simply in SVG:
 * every node dim, the visited ones filled, the steps numbered and joined in the order they ran.
 */
export function FlowPath({ flow, path }: { flow: FlowMapView | null; path: string[] }) {
  const t = useT();
  const pickText = usePick();
  if (!flow || flow.nodes.length === 0 || path.length === 0)
    return <p className="text-sm text-fg-subtle">{t('inbox.card.noPath')}</p>;
  const xs = flow.nodes.map((n) => n.x);
  const ys = flow.nodes.map((n) => n.y);
  const minX = Math.min(...xs) - 20;
  const minY = Math.min(...ys) - 20;
  const width = Math.max(...xs) - minX + NODE_W + 20;
  const height = Math.max(...ys) - minY + NODE_H + 20;
  const byId = new Map(flow.nodes.map((n) => [n.id, n]));
  const visited = new Set(path);
  const centre = (id: string) => {
    const n = byId.get(id);
    return n ? { x: n.x - minX + NODE_W / 2, y: n.y - minY + NODE_H / 2 } : null;
  };
  const steps = path.map(centre);
  return (
    // A scroll box the keyboard can reach (Tab, then the arrow keys), as the map can be larger than the card.
    <div
      tabIndex={0}
      role="region"
      aria-label={t('inbox.card.path')}
      className="max-h-80 overflow-auto rounded-control border border-border bg-surface-muted"
    >
      <svg
        viewBox={`0 0 ${width} ${height}`}
        width={Math.round(width * SCALE)}
        height={Math.round(height * SCALE)}
        className="max-w-none"
        role="img"
        aria-label={t('inbox.card.path')}
        data-testid="flow-path"
      >
        {flow.edges.map((e, i) => {
          const a = centre(e.source);
          const b = centre(e.target);
          return a && b ? (
            <line
              key={i}
              x1={a.x}
              y1={a.y}
              x2={b.x}
              y2={b.y}
              className="stroke-border-strong"
              strokeWidth={1}
            />
          ) : null;
        })}
        {steps.slice(1).map((b, i) => {
          const a = steps[i];
          return a && b ? (
            <line
              key={`p${i}`}
              x1={a.x}
              y1={a.y}
              x2={b.x}
              y2={b.y}
              className="stroke-brand-500"
              strokeWidth={3}
            />
          ) : null;
        })}
        {flow.nodes.map((n) => (
          <g
            key={n.id}
            transform={`translate(${n.x - minX} ${n.y - minY})`}
            data-visited={visited.has(n.id) || undefined}
          >
            <rect
              width={NODE_W}
              height={NODE_H}
              rx={8}
              className={visited.has(n.id) ? 'fill-brand-100 stroke-brand-600' : 'fill-surface stroke-border'}
              strokeWidth={visited.has(n.id) ? 2 : 1}
            />
            <text x={NODE_W / 2} y={NODE_H / 2 + 4} textAnchor="middle" className="fill-fg text-[11px]">
              {short(nodeTitle(flow, n.id, pickText))}
            </text>
          </g>
        ))}
        {path.map((id, i) => {
          const c = centre(id);
          return c ? (
            <g key={`n${i}`} transform={`translate(${c.x + NODE_W / 2 - 6} ${c.y - NODE_H / 2 - 2})`}>
              <circle r={8} className="fill-brand-600" />
              <text textAnchor="middle" y={3.5} className="fill-white text-[9px] font-semibold">
                {i + 1}
              </text>
            </g>
          ) : null;
        })}
      </svg>
    </div>
  );
}
