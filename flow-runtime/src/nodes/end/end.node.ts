import { z } from 'zod';
import { defineNode } from '../node-definition';

export const endNode = defineNode({
  type: 'end',
  label: { ru: 'Завершить', en: 'End call' },
  description: { ru: 'Попрощаться и положить трубку', en: 'Say goodbye and hang up' },
  icon: 'phone-off',
  category: 'flow',
  terminal: true,
  dataSchema: z.object({
    /** Outcome recorded on the call (e.g. completed, booked, not_interested). */
    disposition: z.string().trim().min(1).default('completed'),
    message: z.string().default(''),
  }),
  fields: [
    { name: 'message', kind: 'textarea', label: { ru: 'Прощальная фраза', en: 'Goodbye message' } },
    {
      name: 'disposition',
      kind: 'text',
      label: { ru: 'Итог звонка', en: 'Disposition' },
      help: {
        ru: 'Например: completed, booked, not_interested',
        en: 'For example: completed, booked, not_interested',
      },
    },
  ],
  ports: () => [],
  listens: () => false,
});
export type EndData = z.output<typeof endNode.dataSchema>;
