// A generated flow of any size, for benchmarks of the runtime, the studio API and the canvas.
import { parseFlowOrThrow, type Flow } from '../index';

/**
 * A flow of repeated stages (ask -> set_variable -> router -> say -> next stage's ask), closed into a
 * loop so the bench can keep talking. Each caller turn runs four blocks: answer, count, branch, say.
 */
export function generateFlow(nodeCount: number): Flow {
  const stages = Math.max(1, Math.floor((nodeCount - 2) / 4));
  const nodes: {
    id: string;
    type: string;
    position?: { x: number; y: number };
    data: Record<string, unknown>;
  }[] = [{ id: 'start', type: 'start', data: {} }];
  const edges: { id: string; source: string; sourceHandle: string; target: string }[] = [];
  const link = (source: string, sourceHandle: string, target: string) =>
    edges.push({ id: `e${edges.length}`, source, sourceHandle, target });
  for (let stage = 0; stage < stages; stage++) {
    const slotType = stage % 2 === 0 ? 'number' : 'time';
    nodes.push(
      {
        id: `ask${stage}`,
        type: 'ask',
        data: { prompt: `Вопрос ${stage}?`, variable: `answer${stage}`, slotType },
      },
      {
        id: `count${stage}`,
        type: 'set_variable',
        data: { assignments: [{ variable: 'turns', mode: 'expression', value: 'turns + 1' }] },
      },
      {
        id: `route${stage}`,
        type: 'router',
        data: { routes: [{ id: 'many', expression: `turns > 1000 && answer${stage} != ""` }] },
      },
      { id: `say${stage}`, type: 'say', data: { text: `Принято: {{answer${stage}}}` } },
    );
    const next = `ask${(stage + 1) % stages}`;
    link(`ask${stage}`, 'next', `count${stage}`);
    link(`ask${stage}`, 'no_match', 'bye');
    link(`ask${stage}`, 'no_input', 'bye');
    link(`count${stage}`, 'next', `route${stage}`);
    link(`route${stage}`, 'many', `say${stage}`);
    link(`route${stage}`, 'default', `say${stage}`);
    link(`say${stage}`, 'next', next);
  }
  link('start', 'next', 'ask0');
  nodes.push({ id: 'bye', type: 'end', data: { disposition: 'done' } });
  while (nodes.length < nodeCount)
    nodes.push({ id: `spare${nodes.length}`, type: 'say', data: { text: 'unused' } });
  return parseFlowOrThrow({
    schemaVersion: 2,
    // On a grid, so a canvas opening the flow shows it spread out, as a builder would lay it out.
    nodes: nodes.map((n, i) => ({ ...n, position: { x: (i % 20) * 260, y: Math.floor(i / 20) * 160 } })),
    edges,
    variables: [{ name: 'turns', type: 'number', default: 0 }],
  });
}
