import { z } from 'zod';
import { jsonValueSchema } from '../json';
import { flowSettingsSchema } from './flow-settings';

/**
 * The current flow graph (schema v2). Node `data` stays opaque here: each node type parses its own data
 * with its definition's schema when the flow is compiled or validated, so this file never changes when a
 * node type is added.
 */
export const CURRENT_SCHEMA_VERSION = 2 as const;

export const flowNodeSchema = z.object({
  id: z.string().min(1),
  type: z.string().min(1),
  position: z.object({ x: z.number(), y: z.number() }).default({ x: 0, y: 0 }),
  data: z.record(z.string(), z.unknown()).default({}),
});
export type FlowNode = z.infer<typeof flowNodeSchema>;

export const flowEdgeSchema = z.object({
  id: z.string().min(1),
  source: z.string().min(1),
  /** The output port id on the source node; xyflow sends null for a node's only handle. */
  sourceHandle: z
    .string()
    .nullish()
    .transform((handle) => handle ?? 'next'),
  target: z.string().min(1),
});
export type FlowEdge = z.infer<typeof flowEdgeSchema>;

export const variableTypeSchema = z.enum(['string', 'number', 'boolean', 'object', 'list']);

export const flowVariableSchema = z.object({
  name: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'letters, digits and _; not starting with a digit'),
  type: variableTypeSchema.default('string'),
  default: jsonValueSchema.optional(),
});
export type FlowVariable = z.infer<typeof flowVariableSchema>;

export const flowToolSchema = z.object({
  name: z.string().regex(/^[A-Za-z_][A-Za-z0-9_-]*$/),
  description: z.string().default(''),
  /** JSON Schema of the arguments, also handed to the LLM as a function definition. */
  parameters: z.record(z.string(), z.unknown()).default({ type: 'object', properties: {} }),
  /** `project`: one of the project's tools (Tools screen), run by name with the project's credentials. */
  kind: z.enum(['http', 'builtin', 'project']).default('http'),
  http: z
    .object({
      method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']).default('POST'),
      url: z.string().min(1),
      /** Names of project credentials to attach; secrets never live in the flow. */
      credential: z.string().optional(),
    })
    .optional(),
  builtin: z.string().optional(),
  timeoutMs: z.number().int().positive().optional(),
});
export type FlowTool = z.infer<typeof flowToolSchema>;

export const knowledgeBaseRefSchema = z.object({ id: z.string().min(1), name: z.string().default('') });

export const flowIntentSchema = z.object({
  name: z.string().min(1),
  examples: z.array(z.string()).default([]),
});
export type FlowIntent = z.infer<typeof flowIntentSchema>;

export const flowSchemaV2 = z.object({
  schemaVersion: z.literal(CURRENT_SCHEMA_VERSION),
  nodes: z.array(flowNodeSchema),
  edges: z.array(flowEdgeSchema).default([]),
  variables: z.array(flowVariableSchema).default([]),
  settings: flowSettingsSchema.prefault({}),
  tools: z.array(flowToolSchema).default([]),
  knowledgeBases: z.array(knowledgeBaseRefSchema).default([]),
  intents: z.array(flowIntentSchema).default([]),
});

/** A parsed flow with every default applied: what the runtime and the validator work on. */
export type Flow = z.infer<typeof flowSchemaV2>;
/** What a user saves: only the fields they set. */
export type FlowInput = z.input<typeof flowSchemaV2>;
