import { z } from 'zod';
import { defineNode } from '../node-definition';

export const sayNode = defineNode({
  type: 'say',
  label: { ru: 'Сказать', en: 'Say' },
  description: { ru: 'Произнести фразу и продолжить', en: 'Speak a message and go on' },
  /** lucide `message-square` */
  iconPath: 'M21 15a2 2 0 0 1-2 2H7l-4 4V5a2 2 0 0 1 2-2h14a2 2 0 0 1 2 2z',
  category: 'conversation',
  dataSchema: z.object({
    /** May hold {{variable}} placeholders. */
    text: z.string().trim().min(1),
    interruptible: z.boolean().default(true),
  }),
  fields: [
    { name: 'text', kind: 'textarea', required: true, label: { ru: 'Текст', en: 'Text' } },
    { name: 'interruptible', kind: 'switch', label: { ru: 'Можно перебить', en: 'Caller can interrupt' } },
  ],
  ports: () => [{ id: 'next', label: { ru: 'Далее', en: 'Next' }, kind: 'main' }],
  variables: { templateFields: /^text$/ },
  listens: () => false,
});
export type SayData = z.output<typeof sayNode.dataSchema>;
