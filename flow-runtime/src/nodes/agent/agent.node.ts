import { z } from 'zod';
import { defineNode } from '../node-definition';

const exitSchema = z.object({
  /** Port id, and the function name the model calls (prefixed `exit_`). */
  id: z.string().regex(/^[A-Za-z0-9_]+$/),
  label: z.string().default(''),
  /** When to leave, in words the model understands: "the caller agreed to book a visit". */
  condition: z.string().trim().min(1),
  /** Phrases for the embedded NLU, used when no LLM is configured. */
  examples: z.array(z.string()).default([]),
});
export type AgentExit = z.infer<typeof exitSchema>;

const reservedPorts = ['max_turns', 'no_input', 'error'];

/** A free conversation with a goal; it leaves through the exit whose condition the conversation met. */
export const agentNode = defineNode({
  type: 'agent',
  label: { ru: 'ИИ-агент', en: 'AI agent' },
  description: {
    ru: 'Разговор с целью, знаниями и инструментами',
    en: 'A conversation with a goal, knowledge and tools',
  },
  /** lucide `bot` */
  iconPath:
    'M6 8h12a2 2 0 0 1 2 2v8a2 2 0 0 1-2 2H6a2 2 0 0 1-2-2v-8a2 2 0 0 1 2-2zM12 8V4M8 4h8M9 13v2M15 13v2',
  category: 'conversation',
  dataSchema: z
    .object({
      goal: z.string().trim().min(1),
      prompt: z.string().default(''),
      firstMessage: z.string().default(''),
      knowledgeBaseIds: z.array(z.string()).default([]),
      tools: z.array(z.string()).default([]),
      exits: z.array(exitSchema).default([]),
      maxTurns: z.number().int().min(1).max(100).default(10),
      maxNoInput: z.number().int().min(0).max(10).default(2),
      noInputPrompt: z.string().optional(),
      /** Said when the embedded NLU finds neither an exit nor a knowledge answer. */
      fallbackAnswer: z.string().optional(),
      model: z.string().optional(),
      temperature: z.number().min(0).max(2).optional(),
      timeoutMs: z.number().int().positive().optional(),
    })
    .refine((data) => new Set(data.exits.map((exit) => exit.id)).size === data.exits.length, {
      message: 'exit ids must be unique',
      path: ['exits'],
    })
    .refine((data) => data.exits.every((exit) => !reservedPorts.includes(exit.id)), {
      message: `exit ids ${reservedPorts.join(', ')} are reserved`,
      path: ['exits'],
    }),
  fields: [
    { name: 'goal', kind: 'textarea', required: true, label: { ru: 'Цель разговора', en: 'Goal' } },
    { name: 'prompt', kind: 'textarea', label: { ru: 'Инструкции', en: 'Instructions' } },
    { name: 'firstMessage', kind: 'textarea', label: { ru: 'Первая фраза', en: 'First message' } },
    {
      name: 'knowledgeBaseIds',
      kind: 'knowledge_bases',
      label: { ru: 'Базы знаний', en: 'Knowledge bases' },
    },
    { name: 'tools', kind: 'tools', label: { ru: 'Инструменты', en: 'Tools' } },
    {
      name: 'exits',
      itemIdPrefix: 'exit',
      kind: 'list',
      label: { ru: 'Выходы', en: 'Exits' },
      itemFields: [
        { name: 'label', kind: 'text', label: { ru: 'Название', en: 'Name' } },
        {
          name: 'condition',
          kind: 'textarea',
          required: true,
          label: { ru: 'Когда выходить', en: 'When to leave' },
        },
        {
          name: 'examples',
          kind: 'tags',
          label: { ru: 'Примеры фраз (без LLM)', en: 'Example phrases (no LLM)' },
        },
      ],
    },
    { name: 'maxTurns', kind: 'number', label: { ru: 'Максимум реплик', en: 'Max turns' } },
    {
      name: 'noInputPrompt',
      kind: 'textarea',
      label: { ru: 'Если абонент молчит', en: 'When the caller is silent' },
    },
    {
      name: 'fallbackAnswer',
      kind: 'textarea',
      label: { ru: 'Ответ, если не понял', en: 'Answer when not understood' },
    },
    { name: 'model', kind: 'text', label: { ru: 'Модель', en: 'Model' } },
    { name: 'temperature', kind: 'number', label: { ru: 'Температура', en: 'Temperature' } },
  ],
  ports: (data) => [
    ...data.exits.map((exit) => ({
      id: exit.id,
      label: { ru: exit.label || exit.id, en: exit.label || exit.id },
      kind: 'branch' as const,
    })),
    { id: 'max_turns', label: { ru: 'Лимит реплик', en: 'Max turns' }, kind: 'fallback' },
    { id: 'no_input', label: { ru: 'Молчание', en: 'No input' }, kind: 'fallback' },
    { id: 'error', label: { ru: 'Сбой модели', en: 'Model failure' }, kind: 'fallback', optional: true },
  ],
  variables: { templateFields: /^(goal|prompt|firstMessage|noInputPrompt|fallbackAnswer)$/ },
  phrases: (data) => ({ phrases: data.exits.flatMap((exit) => exit.examples) }),
  listens: () => true,
  references: (data) => ({ tools: data.tools, knowledgeBases: data.knowledgeBaseIds }),
});
export type AgentData = z.output<typeof agentNode.dataSchema>;
