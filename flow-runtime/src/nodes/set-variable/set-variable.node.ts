import { z } from 'zod';
import { defineNode } from '../node-definition';

const assignmentSchema = z.object({
  variable: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/),
  /** Text with {{placeholders}}, or an expression such as `attempts + 1`. */
  value: z.string().default(''),
  mode: z.enum(['text', 'expression']).default('text'),
});

export const setVariableNode = defineNode({
  type: 'set_variable',
  label: { ru: 'Переменная', en: 'Set variable' },
  description: { ru: 'Записать значение в переменную', en: 'Store a value in a variable' },
  /** lucide `variable` */
  iconPath: 'M8 21s-4-3-4-9 4-9 4-9M16 3s4 3 4 9-4 9-4 9M15 9l-6 6M9 9l6 6',
  category: 'logic',
  dataSchema: z.object({ assignments: z.array(assignmentSchema).min(1) }),
  fields: [
    {
      name: 'assignments',
      kind: 'list',
      required: true,
      label: { ru: 'Присваивания', en: 'Assignments' },
      itemFields: [
        { name: 'variable', kind: 'variable', required: true, label: { ru: 'Переменная', en: 'Variable' } },
        {
          name: 'mode',
          kind: 'select',
          label: { ru: 'Значение', en: 'Value is' },
          options: [
            { value: 'text', label: { ru: 'Текст', en: 'Text' } },
            { value: 'expression', label: { ru: 'Формула', en: 'Expression' } },
          ],
        },
        { name: 'value', kind: 'text', label: { ru: 'Значение', en: 'Value' } },
      ],
    },
  ],
  ports: () => [{ id: 'next', label: { ru: 'Далее', en: 'Next' }, kind: 'main' }],
  variables: {
    templateFields: /^assignments\.\d+\.value$/,
    sets: (data) =>
      data.assignments.map((assignment, index) => ({
        name: assignment.variable,
        field: `assignments.${index}.variable`,
        kind: 'set_variable',
        type: null,
      })),
    expressionFields: (data) =>
      data.assignments.flatMap((assignment, index) =>
        assignment.mode === 'expression' ? [`assignments.${index}.value`] : [],
      ),
  },
  listens: () => false,
  references: (data) => ({
    expressions: data.assignments.flatMap((assignment, index) =>
      assignment.mode === 'expression'
        ? [{ field: `assignments.${index}.value`, source: assignment.value }]
        : [],
    ),
  }),
});
export type SetVariableData = z.output<typeof setVariableNode.dataSchema>;
