// Lays out the agent templates (app/agent-templates/*.json) with the studio's auto-layout, so a new agent
// opens as a readable top-to-bottom flow that fits the canvas. Node sizes are the card's (flow-node-card.tsx):
// 240 px wide, 80 px of header and summary, a 20 px row of output ports. Run after editing a template:
//   node --import tsx scripts/layout-templates.ts
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { findNodeDefinition, isEntryType } from '#flow-runtime/editor';
import { autoLayout } from '../app/components/studio/lib/auto-layout.ts';
import { cardSize } from '../app/components/studio/lib/card-size.ts';
import { portsOf } from '../app/components/studio/node-summary.ts';

const dir = resolve(import.meta.dirname, '../app/agent-templates');
interface TemplateNode {
  id: string;
  type: string;
  position: { x: number; y: number };
  data: Record<string, unknown>;
}
interface Template {
  nodes: TemplateNode[];
  edges: { source: string; target: string; sourceHandle?: string | null }[];
}

for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
  const path = join(dir, file);
  const graph = JSON.parse(readFileSync(path, 'utf8')) as Template;
  const ports = new Map(
    graph.nodes.map((n) => {
      const def = findNodeDefinition(n.type);
      return [n.id, def ? portsOf(def, n.data).map((p) => p.id) : []] as const;
    }),
  );
  const positions = await autoLayout(graph.nodes, graph.edges, {
    isRoot: (node) => isEntryType(node.type),
    nodeSize: (id) => cardSize(ports.get(id)?.length ?? 0),
    portOrder: (id) => ports.get(id) ?? [],
  });
  for (const node of graph.nodes) node.position = positions.get(node.id) ?? node.position;
  writeFileSync(path, `${JSON.stringify(graph, null, 2)}\n`);
  console.log(`${file}: ${graph.nodes.length} nodes laid out`);
}
