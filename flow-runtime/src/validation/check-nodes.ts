import type { Flow } from '../graph/flow-schema';
import type { NodeDefinitions } from '../nodes/node-definition';
import type { Issue } from './issue';
import { fieldLabel } from './field-label';
import { makeIssue } from './make-issue';
import type { CheckedNode, ValidationInput } from './validation-input';

function isBlank(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

function readField(data: Record<string, unknown>, path: PropertyKey[]): unknown {
  let current: unknown = data;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

/** Node types, node ids, node data and the Start node. Returns the nodes the other checks work on. */
export function checkNodes(flow: Flow, errors: Issue[], definitions: NodeDefinitions): ValidationInput {
  const nodes = new Map<string, CheckedNode>();
  const startIds: string[] = [];
  for (const raw of flow.nodes) {
    if (nodes.has(raw.id)) {
      errors.push(
        makeIssue(
          'duplicate_node_id',
          `Two blocks share the id "${raw.id}".`,
          `У двух блоков одинаковый id «${raw.id}».`,
          { nodeId: raw.id },
        ),
      );
      continue;
    }
    const definition = Object.hasOwn(definitions, raw.type) ? definitions[raw.type] : undefined;
    if (!definition) {
      errors.push(
        makeIssue(
          'unknown_node_type',
          `Block type "${raw.type}" does not exist in this version.`,
          `Тип блока «${raw.type}» не существует в этой версии.`,
          { nodeId: raw.id },
        ),
      );
      nodes.set(raw.id, { id: raw.id, type: raw.type, definition: null, data: null, ports: null });
      continue;
    }
    if (definition.entry) startIds.push(raw.id);
    const parsed = definition.dataSchema.safeParse(raw.data);
    if (!parsed.success) {
      for (const zodIssue of parsed.error.issues) {
        const field = zodIssue.path.map(String).join('.');
        // Named as the inspector labels it ("Question"), not by its key ("prompt").
        const label = fieldLabel(definition.fields, zodIssue.path);
        const blank = isBlank(readField(raw.data, zodIssue.path));
        errors.push(
          blank
            ? makeIssue(
                'required_field_missing',
                `Fill in "${label.en}" in block "${definition.label.en}".`,
                `Заполните поле «${label.ru}» в блоке «${definition.label.ru}».`,
                { nodeId: raw.id, field },
              )
            : makeIssue(
                'invalid_node_data',
                `Field "${label.en}" in block "${definition.label.en}" is not valid: ${zodIssue.message}.`,
                `Поле «${label.ru}» в блоке «${definition.label.ru}» заполнено неверно: ${zodIssue.message}.`,
                { nodeId: raw.id, field },
              ),
        );
      }
      nodes.set(raw.id, { id: raw.id, type: raw.type, definition, data: null, ports: null });
      continue;
    }
    nodes.set(raw.id, {
      id: raw.id,
      type: raw.type,
      definition,
      data: parsed.data,
      ports: definition.ports(parsed.data),
    });
  }
  if (startIds.length === 0) {
    errors.push(makeIssue('no_start', 'The flow has no Start block.', 'В сценарии нет блока «Старт».'));
  }
  for (const extra of startIds.slice(1)) {
    errors.push(
      makeIssue(
        'multiple_starts',
        'A flow can have only one Start block.',
        'В сценарии может быть только один блок «Старт».',
        { nodeId: extra },
      ),
    );
  }
  return { flow, nodes, startIds };
}
