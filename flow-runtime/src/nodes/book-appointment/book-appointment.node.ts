import { z } from 'zod';
import { defineNode } from '../node-definition';

const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/);

/**
 * Books an appointment in a connected calendar while the caller is on the line (issue 24): reads the
 * calendar's free/busy for the working hours, offers two or three free slots in words ("завтра в 15:30"),
 * books the one the caller picks, and when it was taken meanwhile says so and offers the next ones.
 */
export const bookAppointmentNode = defineNode({
  type: 'book_appointment',
  label: { ru: 'Записать на приём', en: 'Book appointment' },
  description: {
    ru: 'Свободное время из календаря: предложить, записать выбранное',
    en: 'Free times from a calendar: offer them, book the one chosen',
  },
  /** lucide `calendar-check` */
  iconPath:
    'M8 2v4M16 2v4M3 10h18M5 4h14a2 2 0 0 1 2 2v14a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2zM9 16l2 2 4-4',
  category: 'integration',
  dataSchema: z.object({
    connection: z.string().default(''),
    calendarId: z.string().default('primary'),
    durationMinutes: z.number().int().min(5).max(480).default(30),
    dayStart: clock.default('09:00'),
    dayEnd: clock.default('18:00'),
    weekdaysOnly: z.boolean().default(true),
    leadMinutes: z.number().int().min(0).max(10_080).default(60),
    horizonDays: z.number().int().min(1).max(60).default(7),
    offerCount: z.number().int().min(1).max(3).default(3),
    /** The business's time zone: the hours above and the words said are in it. */
    timezone: z.string().default('Europe/Moscow'),
    /** Said before the offers; empty: a built-in question. */
    question: z.string().default(''),
    /** The event's title and description. */
    summary: z.string().default('{{caller_number}}'),
    description: z.string().default(''),
    /** Said once booked; may use {{appointment.local}}. Empty: a built-in confirmation. */
    message: z.string().default(''),
    maxRetries: z.number().int().min(0).max(5).default(2),
    resultVariable: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]*$/)
      .default('appointment'),
  }),
  fields: [
    {
      name: 'connection',
      kind: 'calendar_connection',
      label: { ru: 'Календарь Google', en: 'Google Calendar' },
      help: {
        ru: 'Подключения настраиваются на странице «Интеграции»',
        en: 'Connections are set up on the Integrations page',
      },
      required: true,
    },
    {
      name: 'calendarId',
      kind: 'calendar',
      label: { ru: 'Календарь', en: 'Calendar' },
      help: {
        ru: 'Календари выбранного подключения; по умолчанию — основной календарь аккаунта',
        en: "The chosen connection's calendars; the account's main calendar by default",
      },
    },
    { name: 'durationMinutes', kind: 'number', label: { ru: 'Длительность, минут', en: 'Length, minutes' } },
    { name: 'dayStart', kind: 'text', label: { ru: 'Начало рабочего дня', en: 'Working day starts' } },
    { name: 'dayEnd', kind: 'text', label: { ru: 'Конец рабочего дня', en: 'Working day ends' } },
    { name: 'weekdaysOnly', kind: 'switch', label: { ru: 'Только будни', en: 'Weekdays only' } },
    {
      name: 'leadMinutes',
      kind: 'number',
      label: { ru: 'Не раньше чем через, минут', en: 'Not sooner than, minutes' },
    },
    { name: 'horizonDays', kind: 'number', label: { ru: 'Искать на дней вперёд', en: 'Look ahead, days' } },
    { name: 'offerCount', kind: 'number', label: { ru: 'Предлагать вариантов', en: 'Times offered' } },
    {
      name: 'timezone',
      kind: 'text',
      label: { ru: 'Часовой пояс', en: 'Time zone' },
      help: { ru: 'Например, Europe/Moscow', en: 'For example, Europe/London' },
    },
    {
      name: 'question',
      kind: 'textarea',
      label: { ru: 'Вопрос', en: 'Question' },
      help: {
        ru: 'Перед вариантами времени; пусто — «Могу записать вас …»',
        en: 'Said before the times; empty: "I can book you …"',
      },
    },
    { name: 'summary', kind: 'text', label: { ru: 'Название события', en: 'Event title' } },
    { name: 'description', kind: 'textarea', label: { ru: 'Описание события', en: 'Event description' } },
    { name: 'message', kind: 'textarea', label: { ru: 'Подтверждение', en: 'Confirmation' } },
    { name: 'maxRetries', kind: 'number', label: { ru: 'Переспросить раз', en: 'Re-ask times' } },
    { name: 'resultVariable', kind: 'text', label: { ru: 'Переменная результата', en: 'Result variable' } },
  ],
  ports: () => [
    { id: 'booked', label: { ru: 'Записан', en: 'Booked' }, kind: 'main' },
    { id: 'not_booked', label: { ru: 'Не записан', en: 'Not booked' }, kind: 'fallback' },
    { id: 'failed', label: { ru: 'Ошибка календаря', en: 'Calendar failed' }, kind: 'fallback' },
  ],
  listens: () => true,
  variables: {
    templateFields: /^(question|summary|description|message)$/,
    sets: (data) => [
      { name: data.resultVariable, field: 'resultVariable', kind: 'book_appointment', type: 'object' },
    ],
  },
  phrases: () => ({
    phrases: ['первый', 'второй', 'третий', 'завтра', 'first', 'second', 'third', 'tomorrow'],
    numbers: true,
  }),
});
export type BookAppointmentData = z.output<typeof bookAppointmentNode.dataSchema>;
