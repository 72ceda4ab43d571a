// Coordinates for auto-layout. Along the flow: layers one after another, each as thick as its biggest
// node. Across it: each vertex is pulled towards the mean of its neighbours, and the layer is then placed
// as close to those wishes as the minimum gaps allow (an exact least-squares fit, by isotonic regression).

/**
 * Positions minimising Σ w·(y − desired)² with y[i+1] − y[i] ≥ gap[i], order kept. Substituting
 * z = y − (sum of gaps before i) turns it into a monotone fit, solved by pooling adjacent violators.
 */
export function fitWithGaps(
  desired: readonly number[],
  gaps: readonly number[],
  weights: readonly number[],
): number[] {
  const offset: number[] = [0];
  for (let i = 1; i < desired.length; i++) offset[i] = (offset[i - 1] ?? 0) + (gaps[i - 1] ?? 0);
  const blocks: { sum: number; weight: number; count: number }[] = [];
  desired.forEach((d, i) => {
    const w = weights[i] ?? 1;
    blocks.push({ sum: (d - (offset[i] ?? 0)) * w, weight: w, count: 1 });
    while (blocks.length > 1) {
      const last = blocks[blocks.length - 1] as (typeof blocks)[number];
      const prev = blocks[blocks.length - 2] as (typeof blocks)[number];
      if (prev.sum / prev.weight <= last.sum / last.weight) break;
      prev.sum += last.sum;
      prev.weight += last.weight;
      prev.count += last.count;
      blocks.pop();
    }
  });
  const out: number[] = [];
  for (const block of blocks) {
    const value = block.sum / block.weight;
    for (let k = 0; k < block.count; k++) out.push(value + (offset[out.length] ?? 0));
  }
  return out;
}

export interface CrossAxisInput {
  layers: readonly number[][];
  pred: readonly number[][];
  succ: readonly number[][];
  /** Size of each vertex across the flow (height for left-to-right). Dummies are 0. */
  size: readonly number[];
  realCount: number;
  gap: number;
}

/** Centre of each vertex across the flow. */
export function crossAxisCentres(input: CrossAxisInput, passes = 8): Float64Array {
  const { layers, size, gap, realCount } = input;
  const centre = new Float64Array(size.length);
  const gapsOf = (layer: readonly number[]) =>
    layer.slice(1).map((v, i) => {
      const u = layer[i] as number;
      const dummies = (u >= realCount ? 1 : 0) + (v >= realCount ? 1 : 0);
      return ((size[u] ?? 0) + (size[v] ?? 0)) / 2 + gap / (1 + dummies);
    });
  const weightsOf = (layer: readonly number[]) => layer.map((v) => (v >= realCount ? 0.5 : 1));
  for (const layer of layers) {
    const placed = fitWithGaps(
      layer.map(() => 0),
      gapsOf(layer),
      weightsOf(layer),
    );
    layer.forEach((v, i) => (centre[v] = placed[i] ?? 0));
  }
  const indices = layers.map((_, i) => i);
  for (let pass = 0; pass < passes; pass++) {
    const down = pass % 2 === 0;
    const last = pass === passes - 1;
    for (const r of down ? indices : [...indices].reverse()) {
      const layer = layers[r] as number[];
      const desired = layer.map((v) => {
        const neighbours = last
          ? [...(input.pred[v] ?? []), ...(input.succ[v] ?? [])]
          : down
            ? (input.pred[v] ?? [])
            : (input.succ[v] ?? []);
        if (neighbours.length === 0) return centre[v] ?? 0;
        let sum = 0;
        for (const u of neighbours) sum += centre[u] ?? 0;
        return sum / neighbours.length;
      });
      const placed = fitWithGaps(desired, gapsOf(layer), weightsOf(layer));
      layer.forEach((v, i) => (centre[v] = placed[i] ?? 0));
    }
  }
  return centre;
}
