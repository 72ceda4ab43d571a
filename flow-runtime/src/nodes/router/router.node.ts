import { z } from 'zod';
import { defineNode } from '../node-definition';

const routeSchema = z.object({
  /** Port id; stable even when the label is renamed. */
  id: z.string().regex(/^[A-Za-z0-9_-]+$/),
  label: z.string().default(''),
  /** Expression mode: e.g. `age >= 18 && city == "Москва"`. */
  expression: z.string().optional(),
  /** Intent mode: a flow-level intent by name, and/or example phrases right here. */
  intent: z.string().optional(),
  examples: z.array(z.string()).default([]),
});

/** Branches on what the caller said (intent) or on variables (expression); `default` when nothing fits. */
export const routerNode = defineNode({
  type: 'router',
  label: { ru: 'Развилка', en: 'Router' },
  description: { ru: 'Ветвление по намерению или условию', en: 'Branch by intent or condition' },
  /** lucide `git-branch` */
  iconPath:
    'M4 5a2 2 0 1 0 4 0a2 2 0 1 0-4 0M4 19a2 2 0 1 0 4 0a2 2 0 1 0-4 0M16 7a2 2 0 1 0 4 0a2 2 0 1 0-4 0M6 7v10M18 9a9 9 0 0 1-9 9',
  category: 'logic',
  dataSchema: z
    .object({
      mode: z.enum(['expression', 'intent']).default('expression'),
      /** Intent mode: the variable holding the text to classify. */
      input: z.string().default('last_utterance'),
      routes: z.array(routeSchema).min(1),
    })
    .refine((data) => new Set(data.routes.map((route) => route.id)).size === data.routes.length, {
      message: 'route ids must be unique',
      path: ['routes'],
    })
    .refine((data) => data.routes.every((route) => route.id !== 'default'), {
      message: '"default" is reserved',
      path: ['routes'],
    }),
  fields: [
    {
      name: 'mode',
      kind: 'select',
      label: { ru: 'Как выбирать ветку', en: 'Branch by' },
      options: [
        { value: 'expression', label: { ru: 'По условию', en: 'Condition' } },
        { value: 'intent', label: { ru: 'По намерению абонента', en: "Caller's intent" } },
      ],
    },
    {
      name: 'input',
      kind: 'variable',
      label: { ru: 'Текст для анализа', en: 'Text to classify' },
      showIf: { field: 'mode', equals: 'intent' },
    },
    {
      name: 'routes',
      itemIdPrefix: 'route',
      kind: 'list',
      required: true,
      label: { ru: 'Ветки', en: 'Routes' },
      itemFields: [
        { name: 'label', kind: 'text', label: { ru: 'Название', en: 'Name' } },
        {
          name: 'expression',
          kind: 'expression',
          label: { ru: 'Условие', en: 'Condition' },
          showIf: { field: 'mode', equals: 'expression' },
        },
        {
          name: 'intent',
          kind: 'text',
          label: { ru: 'Намерение', en: 'Intent' },
          showIf: { field: 'mode', equals: 'intent' },
        },
        {
          name: 'examples',
          kind: 'tags',
          label: { ru: 'Примеры фраз', en: 'Example phrases' },
          showIf: { field: 'mode', equals: 'intent' },
        },
      ],
    },
  ],
  ports: (data) => [
    ...data.routes.map((route) => ({
      id: route.id,
      label: { ru: route.label || route.id, en: route.label || route.id },
      kind: 'branch' as const,
    })),
    { id: 'default', label: { ru: 'Иначе', en: 'Otherwise' }, kind: 'main' },
  ],
  variables: {
    templateFields: /^$/,
    expressionFields: (data) =>
      data.mode === 'expression' ? data.routes.map((_route, index) => `routes.${index}.expression`) : [],
    reads: (data) => (data.mode === 'intent' ? [{ name: data.input, field: 'input' }] : []),
  },
  phrases: (data) => ({ phrases: data.routes.flatMap((route) => route.examples) }),
  listens: () => false,
  references: (data) => ({
    intents:
      data.mode === 'intent' ? data.routes.flatMap((route) => (route.intent ? [route.intent] : [])) : [],
    expressions:
      data.mode === 'expression'
        ? data.routes.map((route, index) => ({
            field: `routes.${index}.expression`,
            source: route.expression ?? '',
          }))
        : [],
  }),
});
export type RouterData = z.output<typeof routerNode.dataSchema>;
