import type { Flow } from '../graph/flow-schema';
import { parseFlow } from '../graph/parse-flow';
import { nodeDefinitionsByType } from '../nodes/definitions';
import type { NodeDefinitions } from '../nodes/node-definition';
import { checkEdges } from './check-edges';
import { checkNodes } from './check-nodes';
import { checkPaths } from './check-paths';
import { checkReferences } from './check-references';
import type { Issue, ValidationReport } from './issue';

/**
 * Static checks before publish. Errors block publishing (the runtime could misbehave); warnings are shown
 * on the canvas but the runtime copes (e.g. an unconnected fallback leads to an apology and a hangup).
 * Accepts a parsed flow or any saved JSON (which is parsed and migrated first). `definitions` are the node
 * types it knows (a test passes its own with a fake type added).
 */
export function validateFlow(
  input: Flow | unknown,
  definitions: NodeDefinitions = nodeDefinitionsByType,
): ValidationReport {
  const parsed = parseFlow(input);
  if (!parsed.success) return { errors: parsed.issues, warnings: [] };
  const errors: Issue[] = [];
  const warnings: Issue[] = [];
  const checked = checkNodes(parsed.flow, errors, definitions);
  checkEdges(checked, errors);
  checkPaths(checked, errors, warnings);
  checkReferences(checked, errors);
  return { errors, warnings };
}
