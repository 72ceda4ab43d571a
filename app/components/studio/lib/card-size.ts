import type { NodeSize } from './auto-layout';

/**
 * A node card's size before the browser has measured it (flow-node-card.tsx: 240 px wide; header and
 * two-line summary 80 px; one 20 px row along the bottom for the output ports, whatever their number).
 * Templates are laid out with it; the studio's "Tidy" uses the measured sizes.
 */
export function cardSize(outputPorts: number): NodeSize {
  return { width: 240, height: 80 + (outputPorts > 0 ? 20 : 0) };
}
