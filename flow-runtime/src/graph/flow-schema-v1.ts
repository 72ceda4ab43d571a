import { z } from 'zod';

/**
 * Schema v1, kept only so old saved flows can be read. v1 named the output port `sourcePort` and measured
 * the no-input timeout in seconds. Loose objects: whatever v1 fields are not renamed pass through unchanged.
 */
export const flowSchemaV1 = z.looseObject({
  schemaVersion: z.literal(1).optional(),
  nodes: z.array(z.looseObject({ id: z.string(), type: z.string() })),
  edges: z
    .array(
      z.looseObject({
        id: z.string(),
        source: z.string(),
        sourcePort: z.string().nullish(),
        target: z.string(),
      }),
    )
    .default([]),
  settings: z.looseObject({ noInputTimeoutSec: z.number().positive().optional() }).optional(),
});
export type FlowV1 = z.infer<typeof flowSchemaV1>;
