/**
 * Reads a value out of a JSON response with a dotted path: `data.items[0].id`, `[1].name`, `meta["x-y"]`.
 * Returns undefined for any missing step rather than throwing: a mapping that finds nothing sets nothing.
 */
export function parseJsonPath(path: string): Array<string | number> {
  const steps: Array<string | number> = [];
  const re = /([^.[\]]+)|\[(\d+)\]|\["([^"]*)"\]/g;
  let match: RegExpExecArray | null;
  let consumed = 0;
  while ((match = re.exec(path)) !== null) {
    const between = path.slice(consumed, match.index);
    if (between !== '' && between !== '.') throw new Error(`bad path "${path}" near "${between}"`);
    if (match[1] !== undefined) steps.push(match[1]);
    else if (match[2] !== undefined) steps.push(Number(match[2]));
    else if (match[3] !== undefined) steps.push(match[3]);
    consumed = match.index + match[0].length;
  }
  if (consumed !== path.length) throw new Error(`bad path "${path}"`);
  return steps;
}

export function readJsonPath(root: unknown, path: string): unknown {
  let current: unknown = root;
  for (const step of parseJsonPath(path)) {
    if (current === null || typeof current !== 'object') return undefined;
    if (typeof step === 'number') {
      if (!Array.isArray(current)) return undefined;
      current = current[step];
    } else {
      if (Array.isArray(current) || !Object.prototype.hasOwnProperty.call(current, step)) return undefined;
      current = (current as Record<string, unknown>)[step];
    }
  }
  return current;
}
