import { z } from 'zod';
import { defineNode } from '../node-definition';

/**
 * Sends an SMS or Telegram message through one of the project's messaging channels (issue 22): a template
 * filled from the flow's variables (`{{contact.name}}`, `{{time}}`…) or a text, to the caller by default.
 * The message is queued; DNC and quiet hours are checked when it goes out. A refused template (a missing
 * variable) or a missing channel takes `failed`, with the reason in the trace.
 */
export const sendMessageNode = defineNode({
  type: 'send_message',
  label: { ru: 'Отправить сообщение', en: 'Send message' },
  description: {
    ru: 'SMS или Telegram по шаблону: например, подтверждение записи',
    en: 'An SMS or Telegram message from a template, e.g. a booking confirmation',
  },
  /** lucide `message-square` */
  iconPath: 'M21 15a2 2 0 0 1-2 2H7l-4 4V5a2 2 0 0 1 2-2h14a2 2 0 0 1 2 2z',
  category: 'integration',
  dataSchema: z.object({
    channelId: z.string().default(''),
    templateId: z.string().default(''),
    /** Used when no template is chosen. */
    text: z.string().default(''),
    to: z.string().default('{{caller_number}}'),
    /** Where the message id goes, for later nodes. */
    resultVariable: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]*$/)
      .default('message'),
  }),
  fields: [
    {
      name: 'channelId',
      kind: 'messaging_channel',
      label: { ru: 'Канал', en: 'Channel' },
      help: {
        ru: 'Каналы настраиваются на странице «Сообщения»',
        en: 'Channels are set up on the Messages page',
      },
      required: true,
    },
    {
      name: 'templateId',
      kind: 'message_template',
      label: { ru: 'Шаблон', en: 'Template' },
      help: { ru: 'Без шаблона — отправить текст ниже', en: 'No template: send the text below' },
    },
    {
      name: 'text',
      kind: 'textarea',
      label: { ru: 'Текст', en: 'Text' },
      showIf: { field: 'templateId', equals: '' },
    },
    {
      name: 'to',
      kind: 'text',
      label: { ru: 'Получатель', en: 'Recipient' },
      help: {
        ru: 'Номер или идентификатор чата; по умолчанию звонящий ({{caller_number}})',
        en: 'A number or chat id; the caller by default ({{caller_number}})',
      },
    },
    { name: 'resultVariable', kind: 'text', label: { ru: 'Переменная результата', en: 'Result variable' } },
  ],
  ports: () => [
    { id: 'sent', label: { ru: 'В очереди', en: 'Queued' }, kind: 'main' },
    { id: 'failed', label: { ru: 'Не отправлено', en: 'Not sent' }, kind: 'fallback' },
  ],
  listens: () => false,
  variables: {
    templateFields: /^(text|to)$/,
    sets: (data) => [
      { name: data.resultVariable, field: 'resultVariable', kind: 'send_message', type: 'object' },
    ],
  },
});
export type SendMessageData = z.output<typeof sendMessageNode.dataSchema>;
