import { z } from 'zod';
import { defineNode } from '../node-definition';

export const endNode = defineNode({
  type: 'end',
  label: { ru: 'Завершить', en: 'End call' },
  description: { ru: 'Попрощаться и положить трубку', en: 'Say goodbye and hang up' },
  /** lucide `phone-off` */
  iconPath:
    'M10.7 13.3a16 16 0 0 1-3.4-4.6l1.3-1.3a2 2 0 0 0 .4-2.1L8 3H4a1 1 0 0 0-1 1 17 17 0 0 0 4.6 11.4M22 2 2 22M16 14.5l2.3-.9a2 2 0 0 1 2.1.4L21 16v4a1 1 0 0 1-1 1 17 17 0 0 1-7.6-2.3',
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
        ru: 'Например: `completed`, `booked`, `not_interested`',
        en: 'For example: `completed`, `booked`, `not_interested`',
      },
    },
  ],
  ports: () => [],
  variables: { templateFields: /^message$/ },
  listens: () => false,
});
export type EndData = z.output<typeof endNode.dataSchema>;
