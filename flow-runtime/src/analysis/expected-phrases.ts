// What callers may answer a flow with, as hints for a grammar-constrained recogniser: the flow's intents'
// examples, what each node type lists (NodeDefinition.phrases: Ask choices, router and agent examples…) and
// the enabled global handlers' phrases. English only, as the recognisers that use it.
import type { Flow } from '../graph/flow-schema';
import { builtInGlobalPhrases, type GlobalHandlerName } from '../runtime/global-handlers';
import type { NodeDefinitions } from '../nodes/node-definition';
import { isStandIn, readNodeData } from './read-node-data';

export interface ExpectedPhrases {
  phrases: string[];
  /** A number slot is asked somewhere: number words are accepted in any order. */
  numbers: boolean;
}

/**
 * Every phrase an English caller may answer the flow with. Node data is read with each node's schema and
 * stand-ins for what does not parse (the runtime validates it; this only collects strings).
 */
export function expectedPhrases(flow: Flow, definitions: NodeDefinitions): ExpectedPhrases {
  const phrases: string[] = [];
  let numbers = false;
  for (const intent of flow.intents) phrases.push(...intent.examples);
  for (const node of flow.nodes) {
    const definition = Object.hasOwn(definitions, node.type) ? definitions[node.type] : undefined;
    if (!definition?.phrases) continue;
    const read = readNodeData(definition.dataSchema, node.data);
    if (!read) continue;
    const found = definition.phrases(read.data);
    phrases.push(...found.phrases.filter((phrase) => !isStandIn(phrase)));
    numbers ||= found.numbers === true;
  }
  const handlers = flow.settings.globalHandlers;
  const configured: Record<GlobalHandlerName, { enabled: boolean; phrases?: { en?: string[] } }> = {
    operator: handlers.operator,
    stop_calling: handlers.stopCalling,
    repeat: handlers.repeat,
  };
  for (const name of Object.keys(configured) as GlobalHandlerName[]) {
    if (!configured[name].enabled) continue;
    phrases.push(...builtInGlobalPhrases[name].en, ...(configured[name].phrases?.en ?? []));
  }
  return { phrases, numbers };
}
