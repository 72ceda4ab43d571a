import type { z } from 'zod';
import type { NodeHandler } from '../runtime/step';
import type { NodeDefinition, NodeDefinitions } from './node-definition';

/** A node type with its data type erased, as the runtime stores it after `nodeEntry` checked the pairing. */
export interface AnyNodeEntry {
  definition: NodeDefinition;
  handler: NodeHandler<unknown>;
}

/** Node types by type name: the registry (registry.ts), or a test's own with a fake type added. */
export type NodeRegistry = Readonly<Record<string, AnyNodeEntry>>;

/**
 * Pairs a definition with its handler; the type parameter makes the compiler check that the handler
 * accepts exactly the data its schema produces. The runtime only ever passes data parsed by that schema.
 */
export function nodeEntry<Schema extends z.ZodType>(
  definition: NodeDefinition<Schema>,
  handler: NodeHandler<z.output<Schema>>,
): AnyNodeEntry {
  return { definition, handler } as unknown as AnyNodeEntry;
}

/** The registry's definitions alone, by type, as the analyses (flow variables, expected phrases) take them. */
export function definitionsOf(registry: NodeRegistry): NodeDefinitions {
  return Object.fromEntries(Object.entries(registry).map(([type, entry]) => [type, entry.definition]));
}
