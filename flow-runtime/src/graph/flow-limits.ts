import { MAX_JSON_DEPTH, nestsDeeperThan } from '../json';
import type { Issue } from '../validation/issue';

/**
 * The most blocks and connections one flow may have: ten times the 500-block flow the studio bench draws,
 * and low enough that parsing, validating and storing a flow stays cheap. A graph over either limit is
 * refused whole (saving answers flow_too_large); nothing walks it.
 */
export const MAX_FLOW_NODES = 5_000;
export const MAX_FLOW_EDGES = 20_000;
/**
 * How deep a flow's JSON may nest: a flow itself is a few levels (flow, nodes, a node's data, a tool's
 * JSON Schema); the limit only stops input built to exhaust the stack of whatever walks it.
 */
export const MAX_FLOW_JSON_DEPTH = MAX_JSON_DEPTH;

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
  if (issues.length === 0 && nestsDeeperThan(raw, MAX_FLOW_JSON_DEPTH)) {
    issues.push({
      code: 'flow_too_large',
      message: {
        en: `The flow's data is nested more than ${MAX_FLOW_JSON_DEPTH} levels deep.`,
        ru: `Данные сценария вложены глубже ${MAX_FLOW_JSON_DEPTH} уровней.`,
      },
    });
  }
  return issues;
}
