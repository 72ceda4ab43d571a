// Layering for auto-layout: break loops by reversing back edges found by a depth-first walk from Start,
// then give every node the longest-path rank, so each edge points at least one layer forward.

export interface RankInput {
  ids: readonly string[];
  /** Index pairs [source, target]; self-loops and duplicates already removed. */
  edges: readonly (readonly [number, number])[];
  /** Index of the node the walk starts from (Start), when there is one. */
  root: number | null;
}

export interface Ranking {
  rank: number[];
  /** Edges as laid out: back edges turned around so the graph is acyclic. */
  forward: [number, number][];
  /** For each entry of `forward`, whether it was a back edge (a loop in the flow). */
  reversed: boolean[];
}

/** Walk roots: the root, then nodes nobody points at, then every node (already visited ones are skipped). */
function walkRoots(input: RankInput): number[] {
  const n = input.ids.length;
  const hasPred = new Uint8Array(n);
  for (const [, t] of input.edges) hasPred[t] = 1;
  const roots: number[] = input.root === null ? [] : [input.root];
  for (let i = 0; i < n; i++) if (hasPred[i] === 0) roots.push(i);
  for (let i = 0; i < n; i++) roots.push(i);
  return roots;
}

export function rankNodes(input: RankInput): Ranking {
  const n = input.ids.length;
  const out: number[][] = Array.from({ length: n }, () => []);
  input.edges.forEach(([s], index) => out[s]?.push(index));
  const state = new Uint8Array(n); // 0 new, 1 on the walk's stack, 2 done
  const isBack = new Array<boolean>(input.edges.length).fill(false);
  for (const root of walkRoots(input)) {
    if (state[root] !== 0) continue;
    // Iterative DFS: a 500-node chain must not overflow the call stack.
    const stack: [number, number][] = [[root, 0]];
    state[root] = 1;
    while (stack.length > 0) {
      const top = stack[stack.length - 1] as [number, number];
      const [node, cursor] = top;
      const edgeIndex = out[node]?.[cursor];
      if (edgeIndex === undefined) {
        state[node] = 2;
        stack.pop();
        continue;
      }
      top[1] = cursor + 1;
      const target = (input.edges[edgeIndex] as readonly [number, number])[1];
      if (state[target] === 1) isBack[edgeIndex] = true;
      else if (state[target] === 0) {
        state[target] = 1;
        stack.push([target, 0]);
      }
    }
  }

  const forward: [number, number][] = input.edges.map(([s, t], i) => (isBack[i] ? [t, s] : [s, t]));
  const rank = longestPath(n, forward);
  pullSourcesForward(rank, forward, input.root);
  return { rank, forward, reversed: isBack };
}

/** Kahn's order; rank = 1 + the highest rank among predecessors. */
function longestPath(n: number, edges: readonly [number, number][]): number[] {
  const succ: number[][] = Array.from({ length: n }, () => []);
  const inDegree = new Array<number>(n).fill(0);
  for (const [s, t] of edges) {
    succ[s]?.push(t);
    inDegree[t] = (inDegree[t] ?? 0) + 1;
  }
  const rank = new Array<number>(n).fill(0);
  const queue: number[] = [];
  for (let i = 0; i < n; i++) if (inDegree[i] === 0) queue.push(i);
  for (let head = 0; head < queue.length; head++) {
    const node = queue[head] as number;
    for (const next of succ[node] ?? []) {
      rank[next] = Math.max(rank[next] ?? 0, (rank[node] ?? 0) + 1);
      inDegree[next] = (inDegree[next] ?? 0) - 1;
      if (inDegree[next] === 0) queue.push(next);
    }
  }
  return rank;
}

/**
 * A node nobody points at (other than Start), e.g. the target of the global "operator" handler, sits
 * just before its first successor instead of in layer 0 far away from it.
 */
function pullSourcesForward(rank: number[], edges: readonly [number, number][], root: number | null): void {
  const hasPred = new Set(edges.map(([, t]) => t));
  const firstSuccessor = new Map<number, number>();
  for (const [s, t] of edges) {
    const current = firstSuccessor.get(s);
    firstSuccessor.set(s, Math.min(current ?? Infinity, rank[t] ?? 0));
  }
  for (const [node, succRank] of firstSuccessor) {
    if (node === root || hasPred.has(node)) continue;
    rank[node] = Math.max(0, succRank - 1);
  }
}
