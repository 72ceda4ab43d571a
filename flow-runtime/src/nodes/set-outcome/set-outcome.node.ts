import { z } from 'zod';
import { defineNode } from '../node-definition';

/** The variable the call's outcome fields are kept in; the campaign dialer copies it to the contact. */
export const CAMPAIGN_OUTCOME_VARIABLE = 'campaign_outcome';

/**
 * Records an outcome field of the call (e.g. `confirmed` = `true`): the campaign stores it on the contact,
 * its "done" rule reads it at once (no waiting for the post-call analysis), and the results export shows it.
 */
export const setOutcomeNode = defineNode({
  type: 'set_outcome',
  label: { ru: 'Итог для кампании', en: 'Set outcome' },
  description: {
    ru: 'Записать результат звонка в карточку контакта кампании',
    en: "Record the call's result on the campaign contact",
  },
  /** lucide `flag` */
  iconPath: 'M4 15s1-1 4-1 5 2 8 2 4-1 4-1V3s-1 1-4 1-5-2-8-2-4 1-4 1zM4 22v-7',
  category: 'logic',
  dataSchema: z.object({
    field: z
      .string()
      .trim()
      .regex(/^[A-Za-z_][A-Za-z0-9_]*$/)
      .max(64)
      .default('result'),
    /** Text with {{placeholders}}, or an expression such as `amount > 0`. */
    value: z.string().default(''),
    mode: z.enum(['text', 'expression']).default('text'),
  }),
  fields: [
    {
      name: 'field',
      kind: 'text',
      required: true,
      label: { ru: 'Поле итога', en: 'Outcome field' },
      help: {
        ru: 'Например: `confirmed`, `result`. Условие «готово» кампании читает это поле.',
        en: "For example: `confirmed`, `result`. The campaign's done rule reads this field.",
      },
    },
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
  ports: () => [{ id: 'next', label: { ru: 'Далее', en: 'Next' }, kind: 'main' }],
  variables: {
    templateFields: /^value$/,
    sets: () => [{ name: CAMPAIGN_OUTCOME_VARIABLE, field: 'field', kind: 'set_outcome', type: 'object' }],
    expressionFields: (data) => (data.mode === 'expression' ? ['value'] : []),
  },
  listens: () => false,
  references: (data) => ({
    expressions: data.mode === 'expression' ? [{ field: 'value', source: data.value }] : [],
  }),
});
export type SetOutcomeData = z.output<typeof setOutcomeNode.dataSchema>;
