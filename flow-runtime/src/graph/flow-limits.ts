import type { Issue } from '../validation/issue';

/**
 * The most blocks and connections one flow may have: ten times the 500-block flow the studio bench draws,
 * and low enough that parsing, validating and storing a flow stays cheap. A graph over either limit is
 * refused whole (saving answers flow_too_large); nothing walks it.
 */
export const MAX_FLOW_NODES = 5_000;
export const MAX_FLOW_EDGES = 20_000;

/** Size issues of a saved flow of any schema version, counted before anything parses it. */
export function flowSizeIssues(raw: Record<string, unknown>): Issue[] {
  const issues: Issue[] = [];
  const nodes = Array.isArray(raw.nodes) ? raw.nodes.length : 0;
  const edges = Array.isArray(raw.edges) ? raw.edges.length : 0;
  if (nodes > MAX_FLOW_NODES) {
    issues.push({
      code: 'flow_too_large',
      field: 'nodes',
      message: {
        en: `The flow has ${nodes} blocks; at most ${MAX_FLOW_NODES} are allowed. Split it into several agents.`,
        ru: `В сценарии ${nodes} блоков, а можно не больше ${MAX_FLOW_NODES}. Разделите его на несколько агентов.`,
      },
    });
  }
  if (edges > MAX_FLOW_EDGES) {
    issues.push({
      code: 'flow_too_large',
      field: 'edges',
      message: {
        en: `The flow has ${edges} connections; at most ${MAX_FLOW_EDGES} are allowed.`,
        ru: `В сценарии ${edges} связей, а можно не больше ${MAX_FLOW_EDGES}.`,
      },
    });
  }
  return issues;
}
