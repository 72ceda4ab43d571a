import { z } from 'zod';
import { defineNode } from '../node-definition';

/** The variable the campaign dialer reads: the contact is called again at this instant (ISO, UTC). */
export const CALLBACK_AT_VARIABLE = 'callback_at';
/** The same in the callee's local time ("2026-12-08 15:00"), for the flow to read back. */
export const CALLBACK_LOCAL_VARIABLE = 'callback_at_local';

/**
 * The caller names a time ("перезвоните завтра в три", "call me in an hour"); the campaign contact is called
 * again then, in the callee's time zone, and still only inside the campaign's hours and quiet hours.
 */
export const scheduleCallbackNode = defineNode({
  type: 'schedule_callback',
  label: { ru: 'Перезвонить позже', en: 'Schedule callback' },
  description: {
    ru: 'Назначить повторный звонок на время, которое назвал абонент',
    en: 'Call the contact back at the time they name',
  },
  /** lucide `phone-forwarded` with a clock feel */
  iconPath: 'M12 6v6l4 2M22 12a10 10 0 1 1-20 0a10 10 0 1 1 20 0',
  category: 'conversation',
  dataSchema: z.object({
    /** Asked first when set; otherwise the time is read from `source` at once. */
    question: z.string().default(''),
    source: z.string().default('{{last_utterance}}'),
    timezone: z.string().default('{{contact_timezone}}'),
    /** For a date named without a time. */
    defaultTime: z
      .string()
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/)
      .default('10:00'),
    /** Said once the time is set; may use {{callback_at_local}}. */
    message: z.string().default(''),
    maxRetries: z.number().int().min(0).max(5).default(1),
  }),
  fields: [
    {
      name: 'question',
      kind: 'textarea',
      label: { ru: 'Вопрос', en: 'Question' },
      help: {
        ru: 'Например: «Когда вам удобно, чтобы мы перезвонили?» Пусто — время берётся из поля ниже.',
        en: 'For example: "When should we call you back?" Empty: the time is read from the field below.',
      },
    },
    {
      name: 'source',
      kind: 'text',
      label: { ru: 'Текст со временем', en: 'Text with the time' },
      showIf: { field: 'question', equals: '' },
    },
    {
      name: 'timezone',
      kind: 'text',
      label: { ru: 'Часовой пояс абонента', en: "Callee's time zone" },
      help: {
        ru: 'По умолчанию пояс контакта кампании ({{contact_timezone}})',
        en: "The campaign contact's zone by default ({{contact_timezone}})",
      },
    },
    {
      name: 'defaultTime',
      kind: 'text',
      label: { ru: 'Время, если назван только день', en: 'Time for a day alone' },
    },
    { name: 'message', kind: 'textarea', label: { ru: 'Подтверждение', en: 'Confirmation' } },
    { name: 'maxRetries', kind: 'number', label: { ru: 'Переспросить раз', en: 'Re-ask times' } },
  ],
  ports: () => [
    { id: 'scheduled', label: { ru: 'Назначено', en: 'Scheduled' }, kind: 'main' },
    { id: 'not_understood', label: { ru: 'Время не понято', en: 'Time not understood' }, kind: 'fallback' },
  ],
  variables: {
    templateFields: /^(question|source|timezone|message)$/,
    sets: () => [
      { name: CALLBACK_AT_VARIABLE, field: 'question', kind: 'schedule_callback', type: 'string' },
      { name: CALLBACK_LOCAL_VARIABLE, field: 'question', kind: 'schedule_callback', type: 'string' },
    ],
  },
  listens: (data) => data.question.trim() !== '',
  phrases: () => ({
    phrases: ['завтра', 'послезавтра', 'через час', 'tomorrow', 'in an hour'],
    numbers: true,
  }),
});
export type ScheduleCallbackData = z.output<typeof scheduleCallbackNode.dataSchema>;
