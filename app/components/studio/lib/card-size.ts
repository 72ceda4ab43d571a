import type { NodeSize } from './auto-layout';

/**
 * A node card's size before the browser has measured it (flow-node-card.tsx: 240 px wide; header and
 * two-line summary about 76 px; a bordered list of 24 px rows, one per output port). Templates are laid
 * out with it; the studio's "Tidy" uses the measured sizes.
 */
export function cardSize(outputPorts: number): NodeSize {
  return { width: 240, height: 76 + (outputPorts > 0 ? 8 + 24 * outputPorts : 0) };
}
