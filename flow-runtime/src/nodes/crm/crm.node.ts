import { z } from 'zod';
import { defineNode } from '../node-definition';

export const CRM_ACTIONS = [
  'find_contact',
  'upsert_contact',
  'create_deal',
  'move_deal',
  'add_note',
  'create_task',
] as const;
export type CrmAction = (typeof CRM_ACTIONS)[number];

const variableName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/);
const notFind: CrmAction[] = ['upsert_contact', 'create_deal', 'move_deal', 'add_note', 'create_task'];

/**
 * One node for the CRM, whichever CRM the project uses (the built-in one, later Bitrix24 or amoCRM): find
 * the caller by number (and greet them by name with `{{contact.name}}`), create or update the contact,
 * create a deal or move it to a stage, add a note, create a task. A failing CRM takes the `failed` port.
 */
export const crmNode = defineNode({
  type: 'crm',
  label: { ru: 'CRM', en: 'CRM' },
  description: {
    ru: 'Найти контакт, обновить его, создать сделку, заметку или задачу',
    en: 'Find or update a contact, create a deal, a note or a task',
  },
  /** lucide `contact-round` */
  iconPath:
    'M16 2v2M17.9 20A6 6 0 0 0 6 20M8 2v2M15 12a3 3 0 1 1-6 0 3 3 0 0 1 6 0M3 6a2 2 0 0 1 2-2h14a2 2 0 0 1 2 2v14a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2z',
  category: 'integration',
  dataSchema: z.object({
    /** The CRM connection (Integrations screen); empty: the built-in CRM. */
    connection: z.string().max(100).default(''),
    action: z.enum(CRM_ACTIONS).default('find_contact'),
    phone: z.string().default('{{caller_number}}'),
    contactId: z.string().default('{{contact.id}}'),
    name: z.string().default(''),
    email: z.string().default(''),
    company: z.string().default(''),
    /** Deal title; note text; task title. */
    text: z.string().default(''),
    amount: z.string().default(''),
    stage: z.string().default(''),
    dealId: z.string().default('{{deal.id}}'),
    dueInHours: z
      .number()
      .min(0)
      .max(24 * 365)
      .default(24),
    /** The found or saved contact: `{{contact.name}}`, `{{contact.first_name}}`, `{{contact.id}}`… */
    contactVariable: variableName.default('contact'),
    dealVariable: variableName.default('deal'),
    timeoutMs: z.number().int().positive().optional(),
  }),
  fields: [
    {
      name: 'connection',
      kind: 'crm_connection',
      label: { ru: 'CRM', en: 'CRM' },
      help: {
        ru: 'Встроенная CRM или подключение со страницы «Интеграции»',
        en: 'The built-in CRM or a connection from the Integrations page',
      },
    },
    {
      name: 'action',
      kind: 'select',
      label: { ru: 'Действие', en: 'Action' },
      options: [
        { value: 'find_contact', label: { ru: 'Найти контакт по номеру', en: 'Find contact by number' } },
        {
          value: 'upsert_contact',
          label: { ru: 'Создать или обновить контакт', en: 'Create or update contact' },
        },
        { value: 'create_deal', label: { ru: 'Создать сделку', en: 'Create deal' } },
        { value: 'move_deal', label: { ru: 'Перевести сделку на этап', en: 'Move deal to stage' } },
        { value: 'add_note', label: { ru: 'Добавить заметку', en: 'Add note' } },
        { value: 'create_task', label: { ru: 'Создать задачу', en: 'Create task' } },
      ],
    },
    {
      name: 'phone',
      kind: 'text',
      label: { ru: 'Телефон', en: 'Phone' },
      showIf: { field: 'action', equals: ['find_contact', 'upsert_contact'] },
    },
    {
      name: 'name',
      kind: 'text',
      label: { ru: 'Имя', en: 'Name' },
      showIf: { field: 'action', equals: 'upsert_contact' },
    },
    {
      name: 'email',
      kind: 'text',
      label: { ru: 'Email', en: 'Email' },
      showIf: { field: 'action', equals: 'upsert_contact' },
    },
    {
      name: 'company',
      kind: 'text',
      label: { ru: 'Компания', en: 'Company' },
      showIf: { field: 'action', equals: 'upsert_contact' },
    },
    {
      name: 'text',
      kind: 'textarea',
      label: { ru: 'Название или текст', en: 'Title or text' },
      help: {
        ru: 'Название сделки, текст заметки или задачи',
        en: 'The deal’s title, the note’s or the task’s text',
      },
      showIf: { field: 'action', equals: ['create_deal', 'add_note', 'create_task'] },
    },
    {
      name: 'amount',
      kind: 'text',
      label: { ru: 'Сумма', en: 'Amount' },
      showIf: { field: 'action', equals: 'create_deal' },
    },
    {
      name: 'stage',
      kind: 'text',
      label: { ru: 'Этап (название или id)', en: 'Stage (name or id)' },
      showIf: { field: 'action', equals: ['create_deal', 'move_deal'] },
    },
    {
      name: 'dealId',
      kind: 'text',
      label: { ru: 'Сделка', en: 'Deal' },
      showIf: { field: 'action', equals: 'move_deal' },
    },
    {
      name: 'dueInHours',
      kind: 'number',
      label: { ru: 'Срок, часов', en: 'Due in, hours' },
      showIf: { field: 'action', equals: 'create_task' },
    },
    {
      name: 'contactVariable',
      kind: 'variable',
      label: { ru: 'Контакт в переменную', en: 'Contact to variable' },
      showIf: { field: 'action', equals: ['find_contact', 'upsert_contact'] },
    },
    {
      name: 'dealVariable',
      kind: 'variable',
      label: { ru: 'Сделку в переменную', en: 'Deal to variable' },
      showIf: { field: 'action', equals: ['create_deal', 'move_deal'] },
    },
  ],
  ports: (data) =>
    data.action === 'find_contact'
      ? [
          { id: 'found', label: { ru: 'Найден', en: 'Found' }, kind: 'main' },
          { id: 'not_found', label: { ru: 'Не найден', en: 'Not found' }, kind: 'branch' },
          { id: 'failed', label: { ru: 'Ошибка', en: 'Failed' }, kind: 'fallback', optional: true },
        ]
      : [
          { id: 'done', label: { ru: 'Готово', en: 'Done' }, kind: 'main' },
          { id: 'failed', label: { ru: 'Ошибка', en: 'Failed' }, kind: 'fallback', optional: true },
        ],
  variables: {
    templateFields: /^(phone|contactId|name|email|company|text|amount|stage|dealId)$/,
    sets: (data) => [
      ...(data.action === 'find_contact' || data.action === 'upsert_contact'
        ? [
            {
              name: data.contactVariable,
              field: 'contactVariable',
              kind: 'crm_contact',
              type: 'object' as const,
            },
          ]
        : []),
      ...(data.action === 'create_deal' || data.action === 'move_deal'
        ? [{ name: data.dealVariable, field: 'dealVariable', kind: 'crm_deal', type: 'object' as const }]
        : []),
    ],
  },
  listens: () => false,
});
export type CrmData = z.output<typeof crmNode.dataSchema>;
export const crmWriteActions = notFind;
