import { z } from 'zod';
import { defineNode } from '../node-definition';

const mappingSchema = z.object({
  variable: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/),
  /** Dotted path into the result, e.g. `slots.0.time`; empty takes the whole result. */
  path: z.string().default(''),
});

/** Calls a tool declared in the flow (HTTP, CRM, calendar, built-in) and maps its answer into variables. */
export const toolNode = defineNode({
  type: 'tool',
  label: { ru: 'Действие', en: 'Tool' },
  description: { ru: 'Вызвать интеграцию или HTTP-запрос', en: 'Call an integration or HTTP endpoint' },
  /** lucide `wrench` */
  iconPath:
    'M14.7 6.3a4 4 0 0 0 5 5l-8.4 8.4a2.1 2.1 0 0 1-3-3zM14.7 6.3A4 4 0 0 1 19.6 3l-2.5 2.5.4 2 2 .4L22 5.4a4 4 0 0 1-3.3 4.9',
  category: 'integration',
  dataSchema: z.object({
    tool: z.string().trim().min(1),
    /** Argument templates; a value that is exactly `{{name}}` passes the variable's JSON value as is. */
    args: z.record(z.string(), z.string()).default({}),
    resultVariable: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]*$/)
      .optional(),
    mappings: z.array(mappingSchema).default([]),
    timeoutMs: z.number().int().positive().optional(),
  }),
  fields: [
    { name: 'tool', kind: 'tool', required: true, label: { ru: 'Инструмент', en: 'Tool' } },
    { name: 'args', kind: 'key_value', label: { ru: 'Параметры', en: 'Arguments' } },
    {
      name: 'resultVariable',
      kind: 'variable',
      label: { ru: 'Сохранить ответ в', en: 'Save the result to' },
    },
    {
      name: 'mappings',
      kind: 'list',
      label: { ru: 'Поля ответа в переменные', en: 'Result fields to variables' },
      itemFields: [
        { name: 'path', kind: 'text', label: { ru: 'Поле ответа', en: 'Result field' } },
        { name: 'variable', kind: 'variable', label: { ru: 'Переменная', en: 'Variable' } },
      ],
    },
    { name: 'timeoutMs', kind: 'number', label: { ru: 'Таймаут, мс', en: 'Timeout, ms' } },
  ],
  ports: () => [
    { id: 'success', label: { ru: 'Успех', en: 'Success' }, kind: 'main' },
    { id: 'failure', label: { ru: 'Ошибка', en: 'Failure' }, kind: 'fallback' },
  ],
  variables: {
    templateFields: /^args\./,
    sets: (data) => [
      ...(data.resultVariable
        ? [{ name: data.resultVariable, field: 'resultVariable', kind: 'tool_result', type: null }]
        : []),
      ...data.mappings.map((mapping, index) => ({
        name: mapping.variable,
        field: `mappings.${index}.variable`,
        kind: 'tool_mapping',
        type: null,
      })),
    ],
  },
  listens: () => false,
  references: (data) => ({ tools: [data.tool] }),
});
export type ToolData = z.output<typeof toolNode.dataSchema>;
