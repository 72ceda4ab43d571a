import { z } from 'zod';
import { EARLY_FILL_SLOT_TYPES } from '../../runtime/early-fill-slot-types';
import { defineNode, type FieldLayout, type VariableType } from '../node-definition';
import { YES_NO_PHRASES } from './yes-no-phrases';

function isValidPattern(pattern: string): boolean {
  try {
    new RegExp(pattern, 'u');
    return true;
  } catch {
    return false;
  }
}

export const slotTypes = [
  'number',
  'date',
  'time',
  'phone',
  'email',
  'yes_no',
  'choice',
  'name',
  'free_text',
] as const;

/** The type of the variable an answer is saved in: numbers and yes/no keep theirs, the rest is text. */
const answerTypes: Partial<Record<(typeof slotTypes)[number], VariableType>> = {
  number: 'number',
  yes_no: 'boolean',
};

const choiceSchema = z.object({ value: z.string().trim().min(1), synonyms: z.array(z.string()).default([]) });

const slotTypeLabels: Record<(typeof slotTypes)[number], { ru: string; en: string }> = {
  number: { ru: 'Число', en: 'Number' },
  date: { ru: 'Дата', en: 'Date' },
  time: { ru: 'Время', en: 'Time' },
  phone: { ru: 'Телефон', en: 'Phone' },
  email: { ru: 'Email', en: 'Email' },
  yes_no: { ru: 'Да / нет', en: 'Yes / no' },
  choice: { ru: 'Выбор из списка', en: 'Choice' },
  name: { ru: 'Имя', en: 'Name' },
  free_text: { ru: 'Свободный ответ', en: 'Free text' },
};

const fields: FieldLayout[] = [
  { name: 'prompt', kind: 'textarea', required: true, label: { ru: 'Вопрос', en: 'Question' } },
  {
    name: 'slotType',
    kind: 'select',
    label: { ru: 'Что собираем', en: 'Answer type' },
    options: slotTypes.map((value) => ({ value, label: slotTypeLabels[value] })),
  },
  {
    name: 'variable',
    kind: 'variable',
    required: true,
    label: { ru: 'Сохранить в переменную', en: 'Save to variable' },
  },
  {
    name: 'inputModes',
    kind: 'select',
    label: { ru: 'Как отвечать', en: 'Answer by' },
    options: [
      { value: 'both', label: { ru: 'Голосом или кнопками', en: 'Voice or keypad' } },
      { value: 'speech', label: { ru: 'Голосом', en: 'Voice' } },
      { value: 'dtmf', label: { ru: 'Кнопками телефона', en: 'Keypad' } },
    ],
  },
  {
    name: 'choices',
    kind: 'list',
    label: { ru: 'Варианты', en: 'Choices' },
    showIf: { field: 'slotType', equals: 'choice' },
    itemFields: [
      { name: 'value', kind: 'text', required: true, label: { ru: 'Значение', en: 'Value' } },
      { name: 'synonyms', kind: 'tags', label: { ru: 'Синонимы', en: 'Synonyms' } },
    ],
  },
  {
    name: 'validation.min',
    kind: 'number',
    label: { ru: 'Минимум', en: 'Minimum' },
    showIf: { field: 'slotType', equals: 'number' },
  },
  {
    name: 'validation.max',
    kind: 'number',
    label: { ru: 'Максимум', en: 'Maximum' },
    showIf: { field: 'slotType', equals: 'number' },
  },
  {
    name: 'validation.pattern',
    kind: 'text',
    label: { ru: 'Шаблон (регулярное выражение)', en: 'Pattern (regular expression)' },
    showIf: { field: 'slotType', equals: ['free_text', 'phone', 'email'] },
  },
  { name: 'maxRetries', kind: 'number', label: { ru: 'Повторов вопроса', en: 'Retries' } },
  {
    name: 'noMatchPrompt',
    kind: 'textarea',
    label: { ru: 'Если ответ не понят', en: 'When the answer is not understood' },
  },
  {
    name: 'noInputPrompt',
    kind: 'textarea',
    label: { ru: 'Если абонент молчит', en: 'When the caller is silent' },
  },
  {
    name: 'allowEarlyFill',
    kind: 'switch',
    label: { ru: 'Принимать ответ заранее', en: 'Accept the answer given earlier' },
    help: {
      ru: 'Если абонент назвал это раньше, вопрос будет пропущен',
      en: 'When the caller already said it, the question is skipped',
    },
  },
];

/** Collects one typed slot by voice or keypad, with validation, reprompts and fallback ports. */
export const askNode = defineNode({
  type: 'ask',
  label: { ru: 'Вопрос', en: 'Ask' },
  description: { ru: 'Спросить и сохранить ответ', en: 'Ask a question and save the answer' },
  /** lucide `circle-help` */
  iconPath: 'M3 12a9 9 0 1 0 18 0a9 9 0 1 0-18 0M9.1 9a3 3 0 0 1 5.8 1c0 2-3 3-3 3M12 17h.01',
  category: 'conversation',
  dataSchema: z.object({
    prompt: z.string().trim().min(1),
    slotType: z.enum(slotTypes).default('free_text'),
    variable: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/),
    inputModes: z.enum(['both', 'speech', 'dtmf']).default('both'),
    choices: z.array(choiceSchema).default([]),
    validation: z
      .object({
        min: z.number().optional(),
        max: z.number().optional(),
        pattern: z.string().refine(isValidPattern, 'not a valid pattern').optional(),
      })
      .default({}),
    maxRetries: z.number().int().min(0).max(10).default(2),
    noMatchPrompt: z.string().optional(),
    noInputPrompt: z.string().optional(),
    noInputTimeoutMs: z.number().int().positive().optional(),
    allowEarlyFill: z.boolean().default(true),
  }),
  fields,
  ports: () => [
    { id: 'next', label: { ru: 'Ответ получен', en: 'Answered' }, kind: 'main' },
    { id: 'no_match', label: { ru: 'Не понял', en: 'No match' }, kind: 'fallback' },
    { id: 'no_input', label: { ru: 'Молчание', en: 'No input' }, kind: 'fallback' },
  ],
  // An Ask skips its question only for a slot given early, and only once, so it always listens in a loop.
  variables: {
    templateFields: /^(prompt|noMatchPrompt|noInputPrompt)$/,
    sets: (data) => [
      { name: data.variable, field: 'variable', kind: 'ask', type: answerTypes[data.slotType] ?? 'string' },
    ],
  },
  phrases: (data) => ({
    phrases: [
      ...data.choices.flatMap((choice) => [choice.value, ...choice.synonyms]),
      ...(data.slotType === 'yes_no' ? YES_NO_PHRASES : []),
    ],
    numbers: data.slotType === 'number',
  }),
  listens: () => true,
  collects: (data) => ({
    variable: data.variable,
    slotType: data.slotType,
    options: { choices: data.choices },
    acceptsEarlyAnswer: data.allowEarlyFill && EARLY_FILL_SLOT_TYPES.includes(data.slotType),
  }),
});
export type AskData = z.output<typeof askNode.dataSchema>;
