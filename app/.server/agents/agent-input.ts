import { z } from 'zod';

const tags = z
  .array(z.string().trim().min(1).max(40, 'At most 40 characters'))
  .max(20, 'At most 20 tags')
  .transform((list) => [...new Set(list)]);

export const agentFieldsInput = z.object({
  name: z.string().trim().min(1, 'Name is required').max(100, 'At most 100 characters'),
  language: z.enum(['ru', 'en'], { error: 'Choose Russian or English' }),
  voice: z.string().trim().max(100).default(''),
  description: z.string().trim().max(2000, 'At most 2000 characters').default(''),
  tags: tags.default([]),
});

export const createAgentInput = agentFieldsInput.extend({
  template: z.string().max(60).default('blank'),
});
export type CreateAgentInput = z.infer<typeof createAgentInput>;

export const updateAgentInput = agentFieldsInput.partial().refine((v) => Object.keys(v).length > 0, {
  message: 'Nothing to change',
});
export type UpdateAgentInput = z.infer<typeof updateAgentInput>;

export const saveDraftInput = z.object({
  graph: z.record(z.string(), z.unknown(), { error: 'The graph must be a flow object' }),
  revision: z.number({ error: 'The revision you started from is required' }).int().min(1),
});

export const publishInput = z.object({
  note: z.string().trim().max(500, 'At most 500 characters').default(''),
  confirmWarnings: z.boolean().default(false),
});

/** Test the draft, or (with `versionId`) one published version. */
export const versionChoiceInput = z.object({ versionId: z.uuid('must be a version id').optional() });

export const testTurnInput = z.union([
  z.object({ text: z.string().trim().min(1, 'Type something').max(2000) }),
  z.object({ dtmf: z.string().regex(/^[0-9*#]{1,32}$/, 'Digits 0-9, * and # only') }),
]);
export type TestTurnInput = z.infer<typeof testTurnInput>;
