import type { Issue } from './issue';
import { makeIssue } from './make-issue';
import type { ValidationInput } from './validation-input';

/** Edges must join existing blocks, leave from a port the block has, and one port leads to one place. */
export function checkEdges(input: ValidationInput, errors: Issue[]): void {
  const seen = new Set<string>();
  const portTargets = new Map<string, string>();
  for (const edge of input.flow.edges) {
    const source = input.nodes.get(edge.source);
    const target = input.nodes.get(edge.target);
    if (!source || !target) {
      errors.push(
        makeIssue(
          'dangling_edge',
          'A connection leads to or from a block that no longer exists.',
          'Связь ведёт к блоку или от блока, которого больше нет.',
          {
            edgeId: edge.id,
            ...(source ? { nodeId: source.id } : {}),
          },
        ),
      );
      continue;
    }
    const key = `${edge.source}\u0000${edge.sourceHandle}\u0000${edge.target}`;
    if (seen.has(key)) {
      errors.push(
        makeIssue(
          'duplicate_edge',
          'The same connection is drawn twice.',
          'Одна и та же связь нарисована дважды.',
          { edgeId: edge.id, nodeId: source.id },
        ),
      );
      continue;
    }
    seen.add(key);
    if (source.ports && !source.ports.some((port) => port.id === edge.sourceHandle)) {
      errors.push(
        makeIssue(
          'unknown_port',
          `Block "${source.definition?.label.en ?? source.type}" has no output "${edge.sourceHandle}".`,
          `У блока «${source.definition?.label.ru ?? source.type}» нет выхода «${edge.sourceHandle}».`,
          { edgeId: edge.id, nodeId: source.id },
        ),
      );
      continue;
    }
    const portKey = `${edge.source}\u0000${edge.sourceHandle}`;
    if (portTargets.has(portKey)) {
      errors.push(
        makeIssue(
          'port_has_several_edges',
          'One output is connected to several blocks; keep one.',
          'Один выход соединён с несколькими блоками; оставьте одну связь.',
          {
            edgeId: edge.id,
            nodeId: source.id,
            field: edge.sourceHandle,
          },
        ),
      );
      continue;
    }
    portTargets.set(portKey, edge.target);
  }
}
