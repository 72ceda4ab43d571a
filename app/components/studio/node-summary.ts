import type { FieldLayout, NodeDefinition, PortDefinition } from '#flow-runtime/editor';

const textKinds = new Set<FieldLayout['kind']>(['text', 'textarea', 'tool', 'expression', 'transfer_target']);

function read(data: Record<string, unknown>, path: string): unknown {
  let value: unknown = data;
  for (const key of path.split('.')) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/**
 * One line that says what a node does, from its definition alone: the first required text field the
 * user filled, else any text field, else the size of its first list. Null when nothing is set yet.
 */
export function nodeSummary(
  definition: NodeDefinition,
  data: Record<string, unknown>,
): { text: string } | { count: number; field: FieldLayout } | null {
  const texts = definition.fields.filter((f) => textKinds.has(f.kind));
  for (const field of [...texts.filter((f) => f.required), ...texts]) {
    const value = read(data, field.name);
    if (typeof value === 'string' && value.trim()) return { text: value.trim() };
  }
  for (const field of definition.fields) {
    const value = read(data, field.name);
    if (Array.isArray(value) && value.length > 0) return { count: value.length, field };
  }
  return null;
}

/** A node's output ports; incomplete data (mid-edit) still gets the ports it can, never a crash. */
export function portsOf(definition: NodeDefinition, data: Record<string, unknown>): PortDefinition[] {
  const parsed = definition.dataSchema.safeParse(data);
  try {
    return definition.ports(parsed.success ? parsed.data : data);
  } catch {
    return [];
  }
}

export { read as readField };
