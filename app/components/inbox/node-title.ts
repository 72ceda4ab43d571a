import { findNodeDefinition } from '#flow-runtime/editor';
import type { PickText } from '~/i18n';

/**
 * What a block is called on the call card: the name the builder gave it, else its kind as the studio's canvas
 * names it ("Menu", «Меню»), never its internal id ("find_caller").
 */
export function nodeTitle(
  flow: { nodes: readonly { id: string; type: string; label: string }[] } | null,
  id: string,
  pickText: PickText,
): string {
  const node = flow?.nodes.find((n) => n.id === id);
  if (node && node.label !== node.id) return node.label;
  const definition = node ? findNodeDefinition(node.type) : undefined;
  return definition ? pickText(definition.label) : id;
}
