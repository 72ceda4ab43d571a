import { z } from 'zod';
import { defineNode } from '../node-definition';

/** Where every call begins. Exactly one per flow. */
export const startNode = defineNode({
  type: 'start',
  label: { ru: 'Старт', en: 'Start' },
  description: { ru: 'Начало звонка', en: 'Where the call begins' },
  /** lucide `play` */
  iconPath: 'M7 4v16l13-8z',
  category: 'flow',
  entry: true,
  maxPerFlow: 1,
  dataSchema: z.object({}),
  fields: [],
  ports: () => [{ id: 'next', label: { ru: 'Далее', en: 'Next' }, kind: 'main' }],
  variables: { templateFields: /^$/ },
  listens: () => false,
});
export type StartData = z.output<typeof startNode.dataSchema>;
