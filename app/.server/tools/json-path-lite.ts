/**
 * Reads values out of a JSON response (tool response mapping, `{{args.x}}` templates) with JSONPath through
 * jsonpath-plus. Two spellings: the short dotted path tool authors have always written (`data.items[0].id`,
 * `[1].name`, `meta["x-y"]`), and full JSONPath from `$` (`$.items[?(@.active)].id`, `$..price`,
 * `$.items[-1:]`). Filters run in jsonpath-plus's safe evaluator, never `eval`. A path naming one place
 * gives its value; a wildcard, filter, slice, union or `..` gives the array of every match. Nothing found
 * is undefined rather than an error: a mapping that finds nothing sets nothing.
 */
import { JSONPath } from 'jsonpath-plus';

/** Whether a path may match several places (then its value is the array of matches). */
const INDEFINITE = /\*|\.\.|\?\(|\[[^\]"']*[,:][^\]"']*\]/;

/** The `$` form of a short dotted path (`data.items[0]` -> `$.data.items[0]`). */
function toJsonPath(path: string): string {
  if (path.startsWith('$')) return path;
  return path.startsWith('[') ? `$${path}` : `$.${path}`;
}

const STEP = /\.([^.[\]\s]+)|\[(\d+)\]|\["([^"]*)"\]|\['([^']*)'\]/y;

/**
 * The steps of a definite path (`data.items[0].id` -> `['data', 'items', 0, 'id']`); throws on a path that
 * is malformed or may match several places, so a mapping can be checked when it is saved.
 */
export function parseJsonPath(path: string): Array<string | number> {
  const full = toJsonPath(path.trim());
  if (INDEFINITE.test(full)) throw new Error(`path "${path}" may match several values`);
  const steps: Array<string | number> = [];
  STEP.lastIndex = 1;
  while (STEP.lastIndex < full.length) {
    const at = STEP.lastIndex;
    const m = STEP.exec(full);
    if (!m) throw new Error(`bad path "${path}" near "${full.slice(at)}"`);
    steps.push(m[2] !== undefined ? Number(m[2]) : (m[1] ?? m[3] ?? m[4] ?? ''));
  }
  if (steps.length === 0) throw new Error(`bad path "${path}"`);
  return steps;
}

export function readJsonPath(root: unknown, path: string): unknown {
  if (root === null || typeof root !== 'object') return undefined;
  const full = toJsonPath(path.trim());
  let found: unknown[];
  try {
    found = JSONPath({ path: full, json: root, wrap: true, eval: 'safe' }) as unknown[];
  } catch {
    return undefined;
  }
  if (INDEFINITE.test(full)) return found.length > 0 ? found : undefined;
  return found[0];
}
